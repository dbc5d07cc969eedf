/**
 * The package version. The bundles get it from esbuild's `define` (scripts/bundle.mjs), since a
 * bundle copied into a Terraform stack has no package.json next to it; compiled library code
 * reads the package's package.json instead.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

declare const __SIGMA_AUDIT_LOGS_VERSION__: string | undefined;

export function packageVersion(): string {
  if (typeof __SIGMA_AUDIT_LOGS_VERSION__ === 'string') return __SIGMA_AUDIT_LOGS_VERSION__;
  try {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
