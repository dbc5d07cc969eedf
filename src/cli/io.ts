/**
 * What every command is given: where to write and the environment to read. A module of its own,
 * so that the commands do not import the program that registers them.
 */

export interface CliOutput {
  /** Receives stdout text (whole lines, with their `\n`). */
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** The environment variables the commands read (credentials come only from here, never from argv). */
export type CliEnvironment = Readonly<Record<string, string | undefined>>;
