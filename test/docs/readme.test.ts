import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { REPO_ROOT, codeBlocks, markdown } from './markdown';

const DOCS_WITH_SNIPPETS = ['README.md', 'CONTRIBUTING.md', 'docs/troubleshooting.md'];

describe('README TypeScript snippets', () => {
  const snippets = codeBlocks('README.md').filter((block) => block.language === 'ts' || block.language === 'typescript');

  test('the README shows a usage snippet per cloud', () => {
    const all = snippets.map((s) => s.code).join('\n');
    for (const construct of ['AwsAuditLogIntegration', 'AzureAuditLogIntegration', 'GcsAuditLogIntegration']) {
      expect(all).toContain(`new ${construct}(`);
    }
  });

  test('every snippet type-checks against the library, as a user project would compile it', () => {
    const configFile = ts.readConfigFile(path.join(REPO_ROOT, 'tsconfig.json'), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, REPO_ROOT);
    // Each snippet is its own module, placed where examples live so 'cdktf-sigma-audit-logs' resolves.
    const files = new Map(snippets.map((s) => [path.join(REPO_ROOT, 'examples', `readme-snippet-line-${s.line}.ts`), s.code]));
    const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, incremental: false, types: ['node'] };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    host.readFile = (name) => files.get(path.resolve(name)) ?? readFile(name);
    host.fileExists = (name) => files.has(path.resolve(name)) || fileExists(name);
    const program = ts.createProgram([...files.keys()], options, host);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.has(path.resolve(d.file.fileName)))
      .map((d) => {
        const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
        const snippetLine = path.basename(d.file!.fileName).replace(/\D+/g, '');
        return `README snippet at line ${snippetLine}, line ${(where?.line ?? 0) + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);
  });
});

describe('README commands', () => {
  const scripts = Object.keys((JSON.parse(markdown('package.json')) as { scripts: Record<string, string> }).scripts);

  test.each(DOCS_WITH_SNIPPETS.filter((doc) => existsSync(path.join(REPO_ROOT, doc))))('every `npm run` script named in %s exists', (doc) => {
    const named = [...markdown(doc).matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
    expect(named.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  test('the quick start runs the set-up and test commands that CI runs, in the same order, testing a fresh clone first', () => {
    const commands = (script: string): string[] =>
      script
        .split('\n')
        .map((line) => line.replace(/\s+#.*$/, '').trim())
        .filter((line) => line && !line.startsWith('#'))
        .flatMap((line) => line.split(/\s*&&\s*/));
    const quickStart = commands(codeBlocks('README.md').find((b) => b.language === 'sh')!.code);
    const ci = commands(markdown('.ci/run'));
    // `npm test` right after `npm ci`: it must pass without anything `npm run synth` writes.
    expect(quickStart.slice(0, 2)).toEqual(['npm ci', 'npm test']);
    expect(quickStart).toContain('npm run synth');
    expect(ci.filter((command) => quickStart.includes(command))).toEqual(quickStart);
    for (const command of ['npm run e2e:install', 'npm run e2e', 'npm run demo']) {
      expect(ci).toContain(command);
    }
  });

  describe('the emulator quick start, run as written', () => {
    let emulator: ChildProcess | undefined;
    // npx starts the CLI as a grandchild: stop the whole process group.
    afterAll(() => {
      if (emulator?.pid !== undefined) process.kill(-emulator.pid, 'SIGTERM');
    });

    test('starts the emulator, prints its URL first, and the curl token request succeeds', async () => {
      const block = codeBlocks('README.md').find((b) => b.language === 'sh' && b.code.includes('sigma-audit-logs emulator'))!;
      const commands = block.code
        .replace(/\\\n\s*/g, ' ')
        .split('\n')
        .map((line) => line.replace(/\s+#.*$/, '').trim())
        .filter((line) => line && !line.startsWith('#'));
      const [start, ...rest] = commands;
      expect(start).toMatch(/^npx sigma-audit-logs emulator/);
      emulator = spawn('bash', ['-c', start], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      const firstLine = await new Promise<string>((resolve, reject) => {
        let out = '';
        emulator!.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]);
        });
        emulator!.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
      });
      const url = firstLine.trim();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      for (const command of rest) {
        const output = execFileSync('bash', ['-c', command], { cwd: REPO_ROOT, encoding: 'utf8' });
        expect(JSON.parse(output)).toMatchObject({ access_token: expect.any(String), token_type: 'bearer' });
      }
    });
  });
});
