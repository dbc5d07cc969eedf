/**
 * The shape of every rule in this folder: a test, what the rule expects (the words a message puts
 * after "expected") and a valid example. Each layer translates a failed test into its own error:
 * a synth-time problem (constructs), a spec problem (handler), a 400 answer (emulator).
 */
export interface Rule {
  /** True when the value follows the rule; a value of another type fails it. */
  readonly test: (value: unknown) => boolean;
  /** What the rule expects, e.g. `a GUID (the Microsoft Entra tenant id)`. */
  readonly expected: string;
  /** A value that follows the rule, as a user writes it. */
  readonly example: string;
}

/** A rule for strings that match a pattern. */
export interface PatternRule extends Rule {
  readonly pattern: RegExp;
}

export function patternRule(pattern: RegExp, expected: string, example: string): PatternRule {
  return { pattern, expected, example, test: (value) => typeof value === 'string' && pattern.test(value) };
}
