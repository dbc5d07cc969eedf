/**
 * Reads the spec a synthesized stack hands the handler: the `local-exec` environment value
 * `${jsonencode({"name" = "audit_logs_prod", "credentialsTimeoutSeconds" = 900, ...})}` that the
 * construct writes. Only the small part of HCL that appears there is understood: an object of
 * `"key" = value` pairs, where a value is a literal (string, number, true, false, null) or a
 * Terraform expression. Expressions are not evaluated (the stack's JSON alone cannot give their
 * value); they are returned as text, with the literal parts of a string template kept, so that a
 * value found elsewhere can be checked against them.
 */
import { EXIT_CODES } from '../../handler/exit-codes';
import { SPEC_ENV } from '../../handler/spec';
import { CliCommandError } from '../errors';

/** One piece of a quoted string: literal text, or an interpolation / directive kept verbatim. */
export type TemplatePart = { readonly literal: string } | { readonly expression: string };

export type SpecValue =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | {
      readonly kind: 'expression';
      /** The expression as written, e.g. `terraform_data.bucket.output` or `"arn:${data.aws_partition.p.partition}:..."`. */
      readonly text: string;
      /** For a quoted string with interpolations: its pieces, in order. */
      readonly template?: readonly TemplatePart[];
    };

const PREFIX = '${jsonencode(';
const SUFFIX = ')}';
const EXAMPLE = '${jsonencode({"name" = "audit_logs_prod", "cloud" = "gcp", "credentialsTimeoutSeconds" = 900})}';
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const KEYWORD = /(true|false|null)\b/y;
const MAX_SHOWN = 60;

/** The spec text is not the `${jsonencode({...})}` object the construct writes. */
export class SpecExpressionError extends CliCommandError {
  public readonly code = 'stack_spec_unreadable';
  public readonly exitCode = EXIT_CODES.usage;

  constructor(
    public readonly position: number,
    problem: string,
  ) {
    super(
      `The ${SPEC_ENV} of the apply step cannot be read: ${problem} (at character ${position + 1}). Expected the form the ` +
        `construct writes, for example ${EXAMPLE}; synthesize the stack again with this package's version.`,
    );
  }
}

/**
 * Parses `${jsonencode({ "key" = value, ... })}` into its keys and values, in order. Throws
 * SpecExpressionError on anything else, naming the position and what was found.
 */
export function parseJsonencodedObject(text: string): Map<string, SpecValue> {
  if (!text.startsWith(PREFIX)) {
    throw new SpecExpressionError(0, `the spec starts with ${show(text, 0)}, not with "${PREFIX}"`);
  }
  const parser = new Parser(text, PREFIX.length);
  const entries = parser.object();
  parser.skipSpace();
  if (!text.startsWith(SUFFIX, parser.pos) || parser.pos + SUFFIX.length !== text.length) {
    throw new SpecExpressionError(parser.pos, `expected "${SUFFIX}" to end the spec, found ${show(text, parser.pos)}`);
  }
  return entries;
}

/** `text` from `pos`, cut short, quoted, for messages. */
function show(text: string, pos: number): string {
  if (pos >= text.length) return 'the end of the text';
  const rest = text.slice(pos);
  return JSON.stringify(rest.length > MAX_SHOWN ? `${rest.slice(0, MAX_SHOWN)}...` : rest);
}

class Parser {
  constructor(
    private readonly text: string,
    public pos: number,
  ) {}

  public skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  private fail(expected: string): never {
    throw new SpecExpressionError(this.pos, `expected ${expected}, found ${show(this.text, this.pos)}`);
  }

  private failAt(position: number, problem: string): never {
    throw new SpecExpressionError(position, problem);
  }

  /** `{ "key" = value, ... }` (a trailing comma is allowed, as in HCL). */
  public object(): Map<string, SpecValue> {
    const entries = new Map<string, SpecValue>();
    this.skipSpace();
    if (this.text[this.pos] !== '{') this.fail('"{" to open the object');
    this.pos++;
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return entries;
      }
      const keyStart = this.pos;
      if (this.text[this.pos] !== '"') this.fail('a quoted key such as "name", or "}"');
      const key = this.quoted();
      if (key.template.some((part) => 'expression' in part)) {
        this.failAt(keyStart, `the key ${show(this.text, keyStart)} is not a literal (it holds \${...})`);
      }
      const name = literalText(key.template);
      if (entries.has(name)) this.failAt(keyStart, `the key "${name}" is given twice`);
      this.skipSpace();
      if (this.text[this.pos] !== '=') this.fail(`"=" after the key "${name}"`);
      this.pos++;
      this.skipSpace();
      entries.set(name, this.value(name));
      this.skipSpace();
      if (this.text[this.pos] === ',') {
        this.pos++;
      } else if (this.text[this.pos] !== '}') {
        this.fail(`"," or "}" after the value of "${name}"`);
      }
    }
  }

  /** A literal when the whole value is one; anything else is an expression, kept as text. */
  private value(key: string): SpecValue {
    const start = this.pos;
    const c = this.text[start];
    if (c === undefined) this.fail(`a value for "${key}"`);
    let literal: SpecValue | undefined;
    let template: readonly TemplatePart[] | undefined;
    if (c === '"') {
      template = this.quoted().template;
      literal = template.every((part) => 'literal' in part) ? { kind: 'literal', value: literalText(template) } : undefined;
    } else if (this.match(NUMBER)) {
      literal = { kind: 'literal', value: Number(this.text.slice(start, this.pos)) };
    } else if (this.match(KEYWORD)) {
      const word = this.text.slice(start, this.pos);
      literal = { kind: 'literal', value: word === 'null' ? null : word === 'true' };
    }
    const end = this.pos;
    this.skipSpace();
    const atEnd = this.text[this.pos] === ',' || this.text[this.pos] === '}';
    if (end > start && atEnd) {
      if (literal) return literal;
      return { kind: 'expression', text: this.text.slice(start, end), template };
    }
    // More follows (an operator, a call, a traversal...): the value is an expression.
    this.pos = start;
    this.expressionUntilDelimiter(key);
    return { kind: 'expression', text: this.text.slice(start, this.pos).trim() };
  }

  private match(pattern: RegExp): boolean {
    pattern.lastIndex = this.pos;
    if (!pattern.test(this.text)) return false;
    this.pos = pattern.lastIndex;
    return true;
  }

  /** Skips an expression up to the next `,` or `}` outside brackets and strings. */
  private expressionUntilDelimiter(key: string): void {
    const closers: string[] = [];
    const start = this.pos;
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail(`the value of "${key}" to end with "," or "}"`);
      if (closers.length === 0 && (c === ',' || c === '}')) break;
      if (c === '"') {
        this.quoted();
        continue;
      }
      if (c === '(' || c === '[' || c === '{') {
        closers.push(c === '(' ? ')' : c === '[' ? ']' : '}');
      } else if (c === ')' || c === ']' || c === '}') {
        if (closers.pop() !== c) this.fail(`a balanced expression as the value of "${key}"`);
      }
      this.pos++;
    }
    if (this.text.slice(start, this.pos).trim() === '') this.fail(`a value for "${key}"`);
  }

  /**
   * A quoted HCL string at `pos` (which must be `"`): its literal pieces (escapes decoded, `$${`
   * and `%%{` unescaped) and its `${...}` / `%{...}` pieces verbatim.
   */
  private quoted(): { template: TemplatePart[] } {
    const template: TemplatePart[] = [];
    let literal = '';
    const flush = () => {
      if (literal !== '') template.push({ literal });
      literal = '';
    };
    this.pos++; // opening quote
    for (;;) {
      const c = this.text[this.pos];
      const next = this.text[this.pos + 1];
      if (c === undefined || c === '\n') this.fail('a closing \'"\' to end the string');
      if (c === '"') {
        this.pos++;
        flush();
        return { template };
      }
      if (c === '\\') {
        literal += this.escape();
      } else if ((c === '$' || c === '%') && next === c && this.text[this.pos + 2] === '{') {
        literal += `${c}{`;
        this.pos += 3;
      } else if ((c === '$' || c === '%') && next === '{') {
        flush();
        const start = this.pos;
        this.pos += 2;
        this.untilClosingBrace();
        template.push({ expression: this.text.slice(start, this.pos) });
      } else {
        literal += c;
        this.pos++;
      }
    }
  }

  /** Inside `${` or `%{`: skips to just after the matching `}`. */
  private untilClosingBrace(): void {
    let depth = 1;
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail('a "}" to close the interpolation');
      if (c === '"') {
        this.quoted();
        continue;
      }
      this.pos++;
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return;
    }
  }

  private escape(): string {
    const c = this.text[this.pos + 1];
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
    if (c !== undefined && c in simple) {
      this.pos += 2;
      return simple[c];
    }
    const digits = c === 'u' ? 4 : c === 'U' ? 8 : 0;
    const hex = this.text.slice(this.pos + 2, this.pos + 2 + digits);
    if (digits > 0 && new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex) && parseInt(hex, 16) <= 0x10ffff) {
      this.pos += 2 + digits;
      return String.fromCodePoint(parseInt(hex, 16));
    }
    return this.fail('an escape sequence (\\n, \\r, \\t, \\", \\\\, \\uXXXX or \\UXXXXXXXX)');
  }
}

function literalText(template: readonly TemplatePart[]): string {
  return template.map((part) => ('literal' in part ? part.literal : '')).join('');
}

/**
 * Whether `value` can be what the template evaluates to: its literal pieces appear in order,
 * with the interpolations matching anything. Used to tell a value recorded by an earlier deploy
 * from one the current code would no longer produce.
 */
export function matchesTemplate(template: readonly TemplatePart[], value: string): boolean {
  const pattern = template
    .map((part) => ('literal' in part ? part.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '[\\s\\S]*'))
    .join('');
  return new RegExp(`^${pattern}$`).test(value);
}
