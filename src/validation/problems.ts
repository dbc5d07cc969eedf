/**
 * Synth-time problems, worded the same way by every construct: the construct path, the prop, the
 * value given, what is expected and an example of a valid value.
 */
import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { showValue } from '../errors/show-value';
import type { Rule } from '../rules/rule';

/** One invalid prop. */
export function propProblem(scope: IConstruct, prop: string, value: unknown, expected: string, example: string): string {
  return `${scope.node.path}: ${prop} ${showValue(value)} is invalid: expected ${expected}. Example: ${example}`;
}

/**
 * The problem of a prop that breaks its rule, if it does; a prop not given, or one that Terraform
 * computes (a token), has none here.
 */
export function ruleProblem(scope: IConstruct, prop: string, value: string | number | undefined, rule: Rule): string | undefined {
  return isKnown(value) && !rule.test(value) ? propProblem(scope, prop, value, rule.expected, rule.example) : undefined;
}

/** A required prop that was not given. */
export function missingProp(scope: IConstruct, prop: string, why: string, example: string): string {
  return `${scope.node.path}: ${prop} is required ${why}. Example: ${example}`;
}

/**
 * True when a value is known at synth time and can be checked there; unresolved tokens (values
 * that Terraform computes) are checked by the handler at apply time instead.
 */
export function isKnown(value: string | number | undefined): value is string | number {
  return value !== undefined && !Token.isUnresolved(value);
}

/**
 * Reports a construct's problems through `node.addValidation`, so that a synth lists every invalid
 * prop of an app at once. An Error (a DestinationError, which names its prop) is reported with its
 * message; undefined stands for no problem.
 */
export function reportProblems(scope: IConstruct, found: ReadonlyArray<string | Error | undefined>): void {
  const problems = found
    .filter((problem): problem is string | Error => problem !== undefined)
    .map((problem) => (typeof problem === 'string' ? problem : `${scope.node.path}: ${problem.message}`));
  scope.node.addValidation({ validate: () => [...problems] });
}
