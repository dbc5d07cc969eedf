import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_PROVIDER_BINDING = {
  group: ['@cdktf/provider-*'],
  message: 'The library depends on no provider binding: declare the resource in src/terraform on cdktf\'s TerraformResource.',
};
// zod's tree-shakable build, with its English messages, through one module: the handler bundle
// carries only the schema code in use (docs/benchmarks.md).
const ZOD_THROUGH_SCHEMA = ['zod', 'zod/mini', 'zod/v4'].map((name) => ({ name, message: "Import zod as `import * as z from '../schema/zod'`." }));

export default tseslint.config(
  {
    ignores: ['node_modules/', 'lib/', 'dist/', 'dist-jsii/', 'packages/', 'cdktf.out/', '**/cdktf.out/', 'coverage/', '.e2e/', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          // Provider root barrels load every resource class (seconds and hundreds of MB).
          paths: ['@cdktf/provider-aws', '@cdktf/provider-azuread', '@cdktf/provider-azurerm', '@cdktf/provider-google', '@cdktf/provider-external'].map(
            (name) => ({ name, message: `Import the resource from '${name}/lib/<resource>' instead of the package root.` }),
          ),
        },
      ],
    },
  },
  {
    // The library declares its cloud resources itself (src/terraform): it must load no provider
    // binding at all, so that a user of one cloud installs none of the others.
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_PROVIDER_BINDING], paths: ZOD_THROUGH_SCHEMA }] },
  },
  {
    files: ['src/schema/zod.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_PROVIDER_BINDING] }] },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
