// Fails when an API reference no longer matches the public API: `npm run build` regenerates
// them (scripts/api-docs.mjs lists them), so a difference against the committed file means it was
// not committed after an API change.
import { execFileSync } from 'node:child_process';
import { API_DOCS } from './api-docs.mjs';

const problems = [];
for (const { file } of API_DOCS) {
  try {
    execFileSync('git', ['ls-files', '--error-unmatch', file], { stdio: 'ignore' });
  } catch {
    problems.push(`${file} is not committed: run \`npm run build\` and commit it.`);
    continue;
  }
  try {
    execFileSync('git', ['diff', '--quiet', '--', file], { stdio: 'ignore' });
  } catch {
    problems.push(`${file} is stale: the public API changed. Commit the regenerated ${file} (written by \`npm run build\`).`);
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`${API_DOCS.map((doc) => doc.file).join(', ')} up to date.`);
