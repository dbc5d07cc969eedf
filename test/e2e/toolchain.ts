/**
 * The Terraform toolchain the end-to-end tests run, as test/e2e/global-setup.ts found it.
 */

/** Environment variables through which the global setup hands the toolchain to the test files. */
export const TOOLCHAIN_ENV = {
  binary: 'SIGMA_E2E_TERRAFORM_BINARY',
  cliConfig: 'SIGMA_E2E_TF_CLI_CONFIG_FILE',
  version: 'SIGMA_E2E_TERRAFORM_VERSION',
  /** JSON list of `{ terraformBinary, terraformVersion }`: a newer Terraform the lane found besides 1.5.7. */
  others: 'SIGMA_E2E_OTHER_TERRAFORMS',
} as const;

export interface Toolchain {
  /** Absolute path of the Terraform binary (never the one first on PATH, which may be another version). */
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
  return { terraformBinary, cliConfigFile, terraformVersion };
}

/**
 * Every Terraform the lane can run, one per version: the built 1.5.7 first, then a newer one
 * found on PATH, if any. All use the same mirror-only CLI config.
 */
export function toolchains(): Toolchain[] {
  const first = toolchain();
  const others = JSON.parse(process.env[TOOLCHAIN_ENV.others] ?? '[]') as Array<Omit<Toolchain, 'cliConfigFile'>>;
  return [first, ...others.map((other) => ({ ...other, cliConfigFile: first.cliConfigFile }))];
}
