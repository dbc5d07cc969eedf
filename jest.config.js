/** Options of every project below. */
const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // End-to-end tests need a real Terraform: jest.e2e.config.js (`npm run e2e`) runs them.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
  transform: {
    // ts-jest only transpiles (tsconfig.json's isolatedModules: no type checking, for speed).
    // `npm test` type-checks every TypeScript file once before jest: `npm run typecheck`
    // (tsc --noEmit -p tsconfig.json, whose include covers src, test, examples, bench, scripts).
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  moduleNameMapper: { '^cdktf-sigma-audit-logs$': '<rootDir>/src/index.ts' },
  globalSetup: '<rootDir>/test/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'tests' },
    // The client runs on undici (its default) and on node's http (the handler's): its own tests
    // run a second time on node's http (test/client/http-library.ts reads the choice).
    {
      ...common,
      displayName: 'client on node http',
      testMatch: ['<rootDir>/test/client/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/client/on-node-http.ts'],
    },
  ],
};
