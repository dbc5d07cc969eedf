/**
 * The Terraform toolchain the end-to-end tests run, as test/e2e/global-setup.ts found it: the
 * engines (Terraform, OpenTofu) and the mirror-only CLI config they share.
 */

/** Environment variables through which the global setup hands the toolchain to the test files. */
export const TOOLCHAIN_ENV = {
  binary: 'SIGMA_E2E_TERRAFORM_BINARY',
  cliConfig: 'SIGMA_E2E_TF_CLI_CONFIG_FILE',
  version: 'SIGMA_E2E_TERRAFORM_VERSION',
  /**
   * JSON list of `{ engine, terraformBinary, terraformVersion }`: the other engines the lane runs
   * besides Terraform 1.5.7 (a newer Terraform found on PATH, the built OpenTofu).
   */
  others: 'SIGMA_E2E_OTHER_TERRAFORMS',
} as const;

export interface Toolchain {
  /** Which engine the binary is, as messages name it: `Terraform` or `OpenTofu`. */
  readonly engine: string;
  /** Absolute path of the Terraform or OpenTofu binary (never the one first on PATH, which may be another version). */
  readonly terraformBinary: string;
  /** The CLI config whose only provider source is the local mirror. */
  readonly cliConfigFile: string;
  readonly terraformVersion: string;
}

export function toolchain(): Toolchain {
  const terraformBinary = process.env[TOOLCHAIN_ENV.binary];
  const cliConfigFile = process.env[TOOLCHAIN_ENV.cliConfig];
  const terraformVersion = process.env[TOOLCHAIN_ENV.version];
  if (!terraformBinary || !cliConfigFile || !terraformVersion) {
    throw new Error(
      `${TOOLCHAIN_ENV.binary}, ${TOOLCHAIN_ENV.cliConfig} and ${TOOLCHAIN_ENV.version} are not set: run the end-to-end ` +
        'tests with `npm run e2e` (or `npx jest -c jest.e2e.config.js`), whose global setup sets them.',
    );
  }
  return { engine: 'Terraform', terraformBinary, cliConfigFile, terraformVersion };
}

/**
 * Every engine the lane runs, one per version: the built Terraform 1.5.7 first, then a newer
 * Terraform found on PATH, if any, then the built OpenTofu. All use the same mirror-only CLI config.
 */
export function toolchains(): Toolchain[] {
  const first = toolchain();
  const others = JSON.parse(process.env[TOOLCHAIN_ENV.others] ?? '[]') as Array<Omit<Toolchain, 'cliConfigFile'>>;
  return [first, ...others.map((other) => ({ ...other, cliConfigFile: first.cliConfigFile }))];
}
