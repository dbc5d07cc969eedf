import { SigmaAuditLogsError } from '../errors/base';

/** The bundled handler is not where the package ships it (a source checkout that was not built). */
export class HandlerBundleMissingError extends SigmaAuditLogsError {
  public readonly code = 'handler_bundle_missing';

  public constructor(bundlePath: string) {
    super(
      `The custom-resource handler bundle is missing at ${bundlePath}: expected the file the package ships, built ` +
        'from a source checkout by `npm run build` (or `npm run bundle`). Run it, then synthesize again.',
    );
  }
}
