/**
 * End-to-end tests: a real Terraform (built by scripts/install-terraform.sh) applies synthesized
 * stacks against the local Sigma emulator. Run with `npm run e2e` (which installs Terraform
 * first); kept out of the unit run of jest.config.js.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  transform: {
    // Same as jest.config.js: jest only transpiles; `npm test` type-checks test/e2e with the rest.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  moduleNameMapper: { '^cdktf-sigma-audit-logs$': '<rootDir>/src/index.ts' },
  // Bundles the handler from the current sources and locates the Terraform toolchain, once.
  globalSetup: '<rootDir>/test/e2e/global-setup.ts',
  // Terraform runs as child processes; every file shares the two cores with them.
  maxWorkers: 1,
  testTimeout: 120000,
};
