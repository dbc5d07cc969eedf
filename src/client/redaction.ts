/**
 * The client's side of the output filter (src/output/server-text): it hands the filter its
 * client secret and every token it is issued, and runs all server text that reaches one of its
 * messages or callbacks through it.
 */
import { processSecrets, showServerText } from '../output/server-text';

/** Registers the client's secrets with the process's output filter, and quotes server text through it. */
export class Redactor {
  public addClientCredentials(clientId: string, clientSecret: string): void {
    processSecrets.addClientSecret(clientSecret, clientId);
  }

  public add(token: string | undefined): void {
    processSecrets.addToken(token);
  }

  /** Secrets removed; the text otherwise as it is (for failure reasons of the connection, which this package words). */
  public redact(text: string): string {
    return processSecrets.redact(text);
  }

  /** Server text as a message may quote it: redacted, cut, made visible (src/output/server-text). */
  public quote(text: string, maxLength?: number): string;
  public quote(text: string | undefined, maxLength?: number): string | undefined;
  public quote(text: string | undefined, maxLength?: number): string | undefined {
    return showServerText(text, maxLength);
  }
}
