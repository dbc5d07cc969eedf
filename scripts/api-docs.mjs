// The generated API references, one per language and package: `npm run docgen` writes them all and
// scripts/check-api-md.mjs checks that each committed one is fresh. `file` is relative to the
// repository; each is generated from the assembly (.jsii) of the package in its folder: the
// cdktf package at the root, the cdktn one in packages/ (scripts/cdktn-package.mjs).
const LANGUAGES = [
  { name: 'API.md', language: 'typescript' },
  { name: 'API.python.md', language: 'python' },
  { name: 'API.go.md', language: 'go' },
];
const PACKAGE_DIRS = ['.', 'packages/cdktn-sigma-audit-logs'];

export const API_DOCS = PACKAGE_DIRS.flatMap((dir) =>
  LANGUAGES.map(({ name, language }) => ({ dir, file: dir === '.' ? name : `${dir}/${name}`, output: name, language })),
);
