// The generated API references, one per language: `npm run docgen` writes them all and
// scripts/check-api-md.mjs checks that each committed one is fresh.
export const API_DOCS = [
  { file: 'API.md', language: 'typescript' },
  { file: 'API.python.md', language: 'python' },
  { file: 'API.go.md', language: 'go' },
];
