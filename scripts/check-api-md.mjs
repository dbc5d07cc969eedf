// Fails when API.md no longer matches the public API: `npm run build` regenerates it, so a
// difference against the committed file means it was not committed after an API change.
import { execFileSync } from 'node:child_process';

let tracked = true;
try {
  execFileSync('git', ['ls-files', '--error-unmatch', 'API.md'], { stdio: 'ignore' });
} catch {
  tracked = false;
}
if (!tracked) {
  console.error('API.md is not committed: run `npm run build` and commit API.md.');
  process.exit(1);
}
try {
  execFileSync('git', ['diff', '--quiet', '--', 'API.md'], { stdio: 'ignore' });
} catch {
  console.error('API.md is stale: the public API changed. Commit the regenerated API.md (written by `npm run build`).');
  process.exit(1);
}
console.log('API.md is up to date.');
