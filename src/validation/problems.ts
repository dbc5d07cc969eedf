import { Lazy, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { showValue } from '../errors/show-value';
import type { Rule } from '../rules/rule';

/**
 * One invalid prop, worded the same way everywhere: the construct path, the prop, the value
 * given, what is expected and an example of a valid value.
 */
export function propProblem(scope: IConstruct, prop: string, value: unknown, expected: string, example: string): string {
  return `${scope.node.path}: ${prop} ${showValue(value)} is invalid: expected ${expected}. Example: ${example}`;
}

/**
 * The problem of an optional prop that breaks its rule, if it does; a prop not given, or one that
 * Terraform computes (a token), has none here.
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
 * The same value, hidden from synth-time checks (as an unresolved token). A parent construct that
 * has already reported an invalid value under the prop the user wrote passes it on this way, so
 * the child construct does not report the same problem again under its own prop name.
 */
export function alreadyReported(value: string): string {
  return Lazy.stringValue({ produce: () => value });
}

/**
 * Collects problems of a construct and reports all of them through `node.addValidation`, so a
 * synth lists every invalid prop of an app at once.
 */
export class ProblemList {
  private readonly problems: string[] = [];

  public add(problem: string | undefined): void {
    if (problem !== undefined) this.problems.push(problem);
  }

  public attachTo(scope: IConstruct): void {
    const problems = this.problems;
    scope.node.addValidation({ validate: () => [...problems] });
  }
}
