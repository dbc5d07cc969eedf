// Writes the API references (scripts/api-docs.mjs) from the compiled assembly (.jsii), the
// languages in parallel: each jsii-docgen run spends most of its time loading the assemblies.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { URL, fileURLToPath } from 'node:url';
import { API_DOCS } from './api-docs.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const docgen = path.join(root, 'node_modules', 'jsii-docgen', 'bin', 'jsii-docgen');

const results = await Promise.all(
  API_DOCS.map(
    ({ dir, file, output, language }) =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [docgen, '--language', language, '--output', output], { cwd: path.join(root, dir), stdio: 'inherit' });
        child.on('error', (error) => resolve(`${file}: ${error.message}`));
        child.on('close', (code) => resolve(code === 0 ? undefined : `${file}: jsii-docgen exited with ${code}`));
      }),
  ),
);
const failures = results.filter((result) => result !== undefined);
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(`Wrote ${API_DOCS.map((doc) => doc.file).join(', ')}.`);
