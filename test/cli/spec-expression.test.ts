/**
 * The reader of the `${jsonencode({...})}` spec a synthesized stack hands the handler.
 */
import fc from 'fast-check';
import { SpecExpressionError, SpecValue, matchesTemplate, parseJsonencodedObject } from '../../src/cli/stack/spec-expression';

function parsed(text: string): Record<string, SpecValue> {
  return Object.fromEntries(parseJsonencodedObject(text));
}

function failure(text: string): SpecExpressionError {
  try {
    parseJsonencodedObject(text);
  } catch (err) {
    if (err instanceof SpecExpressionError) return err;
    throw err;
  }
  throw new Error(`no error for ${text}`);
}

/** A string as HCL quotes it (what Terraform's own formatter would write). */
function hclQuoted(value: string): string {
  return `"${value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, '%%{')}"`;
}

describe('parseJsonencodedObject', () => {
  test('reads the literal spec the construct writes, in order', () => {
    const text =
      '${jsonencode({"name" = "audit_logs_prod", "cloud" = "gcp", "destination" = "gcs://acme-audit/sigma/", ' +
      '"apiUrl" = "https://aws-api.sigmacomputing.com", "roleArn" = "", "tenantId" = "", ' +
      '"linkedExportsOnDestinationChange" = "pause", "linkedExportsOnDelete" = "pause", "credentialsTimeoutSeconds" = 900})}';
    const entries = parseJsonencodedObject(text);
    expect([...entries.keys()]).toEqual([
      'name',
      'cloud',
      'destination',
      'apiUrl',
      'roleArn',
      'tenantId',
      'linkedExportsOnDestinationChange',
      'linkedExportsOnDelete',
      'credentialsTimeoutSeconds',
    ]);
    expect(entries.get('name')).toEqual({ kind: 'literal', value: 'audit_logs_prod' });
    expect(entries.get('roleArn')).toEqual({ kind: 'literal', value: '' });
    expect(entries.get('credentialsTimeoutSeconds')).toEqual({ kind: 'literal', value: 900 });
  });

  test('a string with interpolations is an expression; its literal pieces are kept', () => {
    const value = parsed(
      '${jsonencode({"roleArn" = "arn:${data.aws_partition.P.partition}:iam::${data.aws_caller_identity.C.account_id}:role/sigma-x"})}',
    ).roleArn;
    expect(value).toEqual({
      kind: 'expression',
      text: '"arn:${data.aws_partition.P.partition}:iam::${data.aws_caller_identity.C.account_id}:role/sigma-x"',
      template: [
        { literal: 'arn:' },
        { expression: '${data.aws_partition.P.partition}' },
        { literal: ':iam::' },
        { expression: '${data.aws_caller_identity.C.account_id}' },
        { literal: ':role/sigma-x' },
      ],
    });
  });

  test('interpolations holding quotes, brackets and braces are skipped whole', () => {
    const value = parsed('${jsonencode({"destination" = "gcs://${lookup({"a" = "}"}, "a")}/x", "n" = 1})}');
    expect(value.destination).toMatchObject({ kind: 'expression', template: [{ literal: 'gcs://' }, { expression: '${lookup({"a" = "}"}, "a")}' }, { literal: '/x' }] });
    expect(value.n).toEqual({ kind: 'literal', value: 1 });
  });

  test('bare expressions (references, calls, operators) are kept as text up to the next top-level comma', () => {
    expect(
      parsed('${jsonencode({"destination" = terraform_data.Src.output["d,}"], "name" = upper("a,b"), "n" = 1 + 2, "t" = true, "z" = null,})}'),
    ).toEqual({
      destination: { kind: 'expression', text: 'terraform_data.Src.output["d,}"]' },
      name: { kind: 'expression', text: 'upper("a,b")' },
      n: { kind: 'expression', text: '1 + 2' },
      t: { kind: 'literal', value: true },
      z: { kind: 'literal', value: null },
    });
  });

  test('escapes are decoded: \\" \\\\ \\n \\u, and $${ / %%{ stand for literal ${ and %{', () => {
    expect(parsed('${jsonencode({"a" = "q\\"b\\\\s\\n\\u00e9 $${x} %%{y}"})}').a).toEqual({ kind: 'literal', value: 'q"b\\s\né ${x} %{y}' });
  });

  test.each([
    ['not a jsonencode', '{"name" = "x"}', 'the spec starts with "{\\"name\\" = \\"x\\"}", not with "${jsonencode("', 1],
    ['missing "="', '${jsonencode({"name" "x"})}', 'expected "=" after the key "name", found "\\"x\\"})}"', 22],
    ['missing value', '${jsonencode({"name" = })}', 'expected a value for "name", found "})}"', 24],
    ['unterminated string', '${jsonencode({"name" = "x})}', 'expected a closing \'"\' to end the string, found the end of the text', 29],
    ['unknown escape', '${jsonencode({"name" = "a\\qb"})}', 'expected an escape sequence', 26],
    ['key given twice', '${jsonencode({"a" = 1, "a" = 2})}', 'the key "a" is given twice', 24],
    ['unquoted key', '${jsonencode({name = "x"})}', 'expected a quoted key such as "name", or "}"', 15],
    ['unbalanced', '${jsonencode({"a" = f(})}', 'expected a balanced expression as the value of "a"', 23],
    ['text after the object', '${jsonencode({"a" = 1}) + 1}', 'expected ")}" to end the spec', 23],
  ])('%s: a SpecExpressionError naming the position, what was found and the expected form', (_label, text, problem, position) => {
    const err = failure(text);
    expect(err.code).toBe('stack_spec_unreadable');
    expect(err.exitCode).toBe(2);
    expect(err.position + 1).toBe(position);
    expect(err.message).toContain(problem);
    expect(err.message).toContain(`(at character ${position})`);
    expect(err.message).toContain('for example ${jsonencode({"name" = "audit_logs_prod"');
  });

  test('property: any object of literal strings and numbers reads back as written', () => {
    const key = fc.string({ minLength: 1, maxLength: 12 });
    const literal = fc.oneof(fc.string({ maxLength: 30 }), fc.integer({ min: -1e6, max: 1e6 }), fc.constantFrom('${x}', '%{', '"', '\\', 'a\nb'));
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(key, literal), { selector: ([k]) => k, maxLength: 8 }), (pairs) => {
        const body = pairs.map(([k, v]) => `${hclQuoted(k)} = ${typeof v === 'number' ? String(v) : hclQuoted(v)}`).join(', ');
        const entries = parseJsonencodedObject(`\${jsonencode({${body}})}`);
        expect([...entries]).toEqual(pairs.map(([k, v]) => [k, { kind: 'literal', value: v }]));
      }),
    );
  });
});

describe('matchesTemplate', () => {
  const template = [{ literal: 'arn:' }, { expression: '${p}' }, { literal: ':iam::' }, { expression: '${a}' }, { literal: ':role/sigma-x' }];

  test.each([
    ['arn:aws:iam::123456789012:role/sigma-x', true],
    ['arn:aws-cn:iam::123456789012:role/sigma-x', true],
    ['arn:aws:iam::123456789012:role/sigma-y', false],
    ['xarn:aws:iam::123456789012:role/sigma-x', false],
    ['arn:aws:iam::123456789012:role/sigma-x/more', false],
  ])('%s: %s', (value, expected) => {
    expect(matchesTemplate(template, value)).toBe(expected);
  });

  test('regular-expression characters in the literal pieces are matched literally', () => {
    expect(matchesTemplate([{ literal: 'a.b+(' }, { expression: '${x}' }], 'a.b+(zz')).toBe(true);
    expect(matchesTemplate([{ literal: 'a.b+(' }, { expression: '${x}' }], 'axbb(zz')).toBe(false);
  });
});
