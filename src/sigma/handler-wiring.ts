import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { AssetType, TerraformAsset, TerraformProvider, TerraformStack } from 'cdktf';
import { ExternalProvider } from '../terraform/external';
import { HandlerBundleMissingError } from './errors';

/** Where the bundled handler lives in the package (built by `npm run build`). */
export const HANDLER_BUNDLE = path.join(__dirname, '..', '..', 'dist', 'handler.js');

const ASSET_ID = 'SigmaAuditLogsHandler';
const PROVIDER_ID = 'SigmaAuditLogsExternalProvider';

export interface HandlerWiring {
  /** The handler bundle copied into the synthesized stack. */
  readonly asset: TerraformAsset;
  /** Command prefix that runs the handler: `node "<asset path>"`. */
  readonly command: string;
  /** The same, as the `external` data source's program list. */
  readonly program: string[];
}

const wiringByStack = new WeakMap<TerraformStack, HandlerWiring>();

/**
 * The handler asset and the `external` provider, once per stack however many integrations it
 * declares (a stack with a thousand integrations carries one copy of the handler).
 */
export function handlerWiring(stack: TerraformStack): HandlerWiring {
  const known = wiringByStack.get(stack);
  if (known) return known;

  if (!existsSync(HANDLER_BUNDLE)) {
    throw new HandlerBundleMissingError(HANDLER_BUNDLE);
  }
  const asset = new TerraformAsset(stack, ASSET_ID, { path: HANDLER_BUNDLE, type: AssetType.FILE });
  if (!hasExternalProvider(stack)) {
    new ExternalProvider(stack, PROVIDER_ID);
  }
  const wiring: HandlerWiring = {
    asset,
    command: `node "${asset.path}"`,
    program: ['node', asset.path],
  };
  wiringByStack.set(stack, wiring);
  return wiring;
}

function hasExternalProvider(stack: TerraformStack): boolean {
  return stack.node.children.some(
    (child) => child instanceof TerraformProvider && child.terraformResourceType === 'external' && !child.alias,
  );
}
