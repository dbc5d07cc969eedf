/**
 * jest only transpiles (ts-jest with isolatedModules) and jsii compiles src alone, so the one type
 * check of the tests, examples, benchmark and scripts is `npm run typecheck` in `npm test`. A
 * TypeScript file outside tsconfig.json's include would never be type-checked at all.
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
/** Folders of installed or generated files, at any depth (an example's own node_modules, cdktf.out). */
const GENERATED = new Set(['node_modules', 'lib', 'dist', 'dist-jsii', 'cdktf.out', 'coverage', '.e2e', '.git']);
/** The cdktn package: its src/ is a copy of src/ written by scripts/cdktn-package.mjs, which jsii compiles. */
const GENERATED_PACKAGE = path.join(ROOT, 'packages', 'cdktn-sigma-audit-logs');

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return GENERATED.has(entry.name) || full === GENERATED_PACKAGE ? [] : typeScriptFiles(full);
    return /\.[cm]?tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('type checking', () => {
  test('tsconfig.json includes every TypeScript file of the repository: tests, examples, benchmark, scripts', () => {
    const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
    const included = new Set(ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).fileNames.map((f) => path.resolve(f)));
    const missing = typeScriptFiles(ROOT)
      .filter((file) => !included.has(file))
      .map((file) => path.relative(ROOT, file));
    expect(missing).toEqual([]);
  });

  test('npm test type-checks with tsc before jest runs', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.typecheck).toBe('tsc --noEmit -p tsconfig.json');
    const steps = scripts.test.split('&&').map((step) => step.trim());
    expect(steps).toContain('npm run typecheck');
    expect(steps.indexOf('npm run typecheck')).toBeLessThan(steps.findIndex((step) => step.startsWith('jest')));
  });
});
