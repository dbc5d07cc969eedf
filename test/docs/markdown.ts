import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface CodeBlock {
  readonly language: string;
  readonly code: string;
  /** 1-based line of the opening fence, for messages. */
  readonly line: number;
}

/** The fenced code blocks of a Markdown file of the repository. */
export function codeBlocks(relativePath: string): CodeBlock[] {
  const lines = readFileSync(path.join(REPO_ROOT, relativePath), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  let open: { language: string; line: number; body: string[] } | undefined;
  lines.forEach((text, index) => {
    const fence = /^```(\S*)\s*$/.exec(text);
    if (!fence) {
      open?.body.push(text);
      return;
    }
    if (open) {
      blocks.push({ language: open.language, code: open.body.join('\n'), line: open.line });
      open = undefined;
    } else {
      open = { language: fence[1], line: index + 1, body: [] };
    }
  });
  return blocks;
}

/** The text of a file of the repository. */
export function markdown(relativePath: string): string {
  return readFileSync(path.join(REPO_ROOT, relativePath), 'utf8');
}
