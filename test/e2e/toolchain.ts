/**
 * The Terraform toolchain the end-to-end tests run, as test/e2e/global-setup.ts found it.
 */

/** Environment variables through which the global setup hands the toolchain to the test files. */
export const TOOLCHAIN_ENV = {
  binary: 'SIGMA_E2E_TERRAFORM_BINARY',
  cliConfig: 'SIGMA_E2E_TF_CLI_CONFIG_FILE',
  version: 'SIGMA_E2E_TERRAFORM_VERSION',
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
