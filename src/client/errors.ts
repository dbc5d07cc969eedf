/**
 * Errors the Sigma API client raises. Each names what happened, on which endpoint or value, and
 * what to do; none ever contains the client secret or a token (the client redacts anything the
 * server echoes back before it reaches a message).
 */
import { STATUS_CODES } from 'node:http';
import { SigmaAuditLogsError } from '../errors/base';
import { showValue } from '../errors/show-value';
import { DESTINATION_EXAMPLES } from '../destination/rules';
import { API_URL_EXAMPLE, API_URL_EXPECTED, maskUrlCredentials } from '../rules/api-url';
import { CLOUD_RULE } from '../rules/cloud';
import { INTEGRATION_NAME_RULE, ROLE_ARN_RULE, TENANT_ID_RULE } from '../rules/sigma';
import { CLIENT_ID_ENV, CLIENT_SECRET_ENV } from '../rules/credentials';

/** Examples of valid values of the fields the API validates, quoted by InvalidFieldError. */
export const FIELD_EXAMPLES: Readonly<Record<string, string>> = {
  name: INTEGRATION_NAME_RULE.example,
  cloud: CLOUD_RULE.example,
  roleArn: ROLE_ARN_RULE.example,
  tenantId: TENANT_ID_RULE.example,
  integrationId: '4a3f0c8e-2b51-4d7e-9f6a-0e1d2c3b4a59',
  schedule: '0 2 * * *',
  updateLinkedExports: 'false',
};

function statusText(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? 'Unknown Status'}`;
}

function serverSaid(serverMessage: string | undefined): string {
  return serverMessage ? `; the server said: "${serverMessage}"` : '';
}

/** The base URL breaks the API URL rule: not a URL, user info, a query, plain http to a non-loopback host. */
export class InsecureApiUrlError extends SigmaAuditLogsError {
  public readonly code = 'insecure_api_url';
  /** The base URL as the message shows it: its user info masked. */
  public readonly baseUrl: string;

  /**
   * @param baseUrl the base URL as given; its user info is masked here
   * @param problem what is wrong with it, as a clause: "is not a URL", ...
   */
  constructor(baseUrl: string, problem: string) {
    const shown = maskUrlCredentials(baseUrl);
    super(`Sigma API base URL \`${shown}\` ${problem}. Expected ${API_URL_EXPECTED}, for example \`${API_URL_EXAMPLE}\` or \`http://127.0.0.1:8080\`.`);
    this.baseUrl = shown;
  }
}

/** The token endpoint refused the client credentials (or they are empty). */
export class BadCredentialsError extends SigmaAuditLogsError {
  public readonly code = 'bad_credentials';

  /**
   * @param clientId the client id that was refused (never the secret)
   * @param problem what happened, as a sentence without the final period
   */
  constructor(
    public readonly clientId: string,
    problem: string,
  ) {
    super(
      `${problem}. Expected the client id and client secret of one Sigma API client of your organization, ` +
        `read from the environment variables ${CLIENT_ID_ENV} and ${CLIENT_SECRET_ENV}; check both, and that ` +
        `the base URL is your organization's Sigma cloud (for example \`${API_URL_EXAMPLE}\` for AWS US). ` +
        'Create or rotate API credentials in Sigma under Administration > Developer Access.',
    );
  }
}

/** The credentials work but belong to a member whose account type is not Admin. */
export class NotAdminError extends SigmaAuditLogsError {
  public readonly code = 'not_admin';

  constructor(
    public readonly accountType: string,
    public readonly email?: string,
  ) {
    super(
      `The Sigma API credentials belong to ${email ? `\`${email}\`, ` : 'a member '}whose account type is ` +
        `\`${accountType}\`; managing audit-log storage integrations requires the account type \`Admin\`. ` +
        `Use the credentials of an API client owned by an Admin (${CLIENT_ID_ENV} / ${CLIENT_SECRET_ENV}), ` +
        "or ask an Admin to change this member's account type to `Admin` in Administration > People.",
    );
  }
}

/** A 403 other than the account-type check of requireAdmin. */
export class ForbiddenError extends SigmaAuditLogsError {
  public readonly code = 'forbidden';

  constructor(
    public readonly method: string,
    public readonly path: string,
    public readonly serverMessage?: string,
  ) {
    super(
      `${method} ${path} was refused with 403 Forbidden${serverSaid(serverMessage)}. Storage integrations and ` +
        'scheduled exports may be managed only by a member with the account type `Admin`: use the credentials ' +
        `of an API client owned by an Admin (${CLIENT_ID_ENV} / ${CLIENT_SECRET_ENV}).`,
    );
  }
}

/** The integration or scheduled export does not exist (404). */
export class NotFoundError extends SigmaAuditLogsError {
  public readonly code = 'not_found';

  /**
   * @param resource what was looked for: "storage integration", "scheduled export"
   * @param id the id that was given
   */
  constructor(
    public readonly resource: string,
    public readonly id: string,
    public readonly method: string,
    public readonly path: string,
  ) {
    super(
      `The ${resource} \`${id}\` does not exist (${method} ${path} answered 404 Not Found). Expected the id of an ` +
        `existing ${resource}, as returned by its create and list calls (for example ` +
        `\`${FIELD_EXAMPLES.integrationId}\`); it may have been deleted in the meantime: list the existing ones ` +
        'to find it again by name.',
    );
  }
}

/** A create was refused because the name is taken (409 conflict). Names compare case-insensitively. */
export class NameTakenError extends SigmaAuditLogsError {
  public readonly code = 'name_taken';

  constructor(
    public readonly resource: string,
    public readonly takenName: string,
  ) {
    super(
      `A ${resource} named \`${takenName}\` already exists in this Sigma organization (409 conflict; names are ` +
        `compared without regard to case). Choose a name no other ${resource} uses, for example ` +
        `\`${takenName}_2\`, or find the existing one by name and manage it instead of creating a new one.`,
    );
  }
}

/** A destination update would move the integration to another cloud, which only a replacement can do. */
export class CloudChangeRequiresReplacementError extends SigmaAuditLogsError {
  public readonly code = 'cloud_change_requires_replacement';

  constructor(
    public readonly integrationId: string,
    public readonly destination: string,
    public readonly serverMessage?: string,
  ) {
    super(
      `The destination \`${destination}\` is in another cloud than storage integration \`${integrationId}\` ` +
        `(409 cloud_change_requires_replacement${serverSaid(serverMessage)}). Sigma changes a destination ` +
        'only within the same cloud: delete the integration and create a new one for the new cloud, or give a ' +
        `destination in the integration's own cloud (for example \`${DESTINATION_EXAMPLES.aws}\` for AWS, ` +
        `\`${DESTINATION_EXAMPLES.azure}\` for Azure, \`${DESTINATION_EXAMPLES.gcp}\` for GCP).`,
    );
  }
}

/** The API refused a field of the request (400), or the client did before sending it. */
export class InvalidFieldError extends SigmaAuditLogsError {
  public readonly code = 'invalid_field';

  /**
   * @param value the value that was sent for `field`, when the client knows it
   * @param example a valid value of the field, when one is known
   */
  constructor(
    public readonly method: string,
    public readonly path: string,
    public readonly field: string,
    public readonly serverMessage: string,
    public readonly value?: unknown,
    example?: string,
  ) {
    const given = value === undefined ? '' : ` (given: ${showValue(value)})`;
    // The server's message may already carry an example; one is enough.
    const advice = /\bexample\b/i.test(serverMessage)
      ? ''
      : example !== undefined
        ? ` Example of a valid value: \`${example}\`.`
        : ' Correct the field and try again.';
    super(`${method} ${path} was refused: field \`${field}\`${given} is invalid: ${serverMessage.replace(/\.?\s*$/, '.')}${advice}`);
  }
}

/** Retries were exhausted, or the call's deadline was reached. */
export class GaveUpError extends SigmaAuditLogsError {
  public readonly code = 'gave_up';

  /**
   * @param attempts how many requests were sent
   * @param elapsedMs time from the start of the call to giving up
   * @param lastReason the last failure: "503 Service Unavailable", "connection dropped", "timed out after 30000 ms"
   * @param stopReason why no further attempt was made
   */
  constructor(
    public readonly method: string,
    public readonly path: string,
    public readonly attempts: number,
    public readonly elapsedMs: number,
    public readonly lastReason: string,
    public readonly stopReason: string,
  ) {
    // The retries already happened here: the remedies are the reader's, not more retries of this process.
    super(
      `${method} ${path}: gave up after ${attempts} attempt${attempts === 1 ? '' : 's'} in ${elapsedMs} ms ` +
        `(${stopReason}); last failure: ${lastReason}. The Sigma API, or the network path to it, was unreachable, ` +
        "overloaded or too slow during all of that time. Check Sigma's status page, and the network, proxy or " +
        'firewall between this machine and the API URL; then run the deploy (or the command) again.',
    );
  }
}

/**
 * A list call whose pages do not end: a next-page token repeats, a page makes no progress, or the
 * pages go on past any organization's size. Stops what would otherwise be an endless loop of requests.
 */
export class EndlessPaginationError extends SigmaAuditLogsError {
  public readonly code = 'endless_pagination';

  /**
   * @param problem what the pages did, as a clause: "page 3 holds no entries but gives a next-page token"
   * @param maxPages the most pages the client follows
   * @param maxEntries the most entries the client expects in all pages together
   */
  constructor(
    public readonly method: string,
    public readonly path: string,
    public readonly problem: string,
    maxPages: number,
    maxEntries: number,
  ) {
    super(
      `${method} ${path}: the list does not end: ${problem}. Expected each page to bring new entries and a new ` +
        `next-page token, and the last page, within ${maxPages} pages (${maxEntries} entries, far more than an ` +
        'organization holds), to give `nextPage: null`. The server, or a gateway or proxy in front of it, does ' +
        `not page as the Sigma API does: check that the base URL is the Sigma API (for example \`${API_URL_EXAMPLE}\`) ` +
        'and that no proxy rewrites its answers, then run the deploy (or the command) again.',
    );
  }
}

/** A response body larger than the client reads: not an answer of the Sigma API. */
export class ResponseTooLargeError extends SigmaAuditLogsError {
  public readonly code = 'response_too_large';

  /**
   * @param status the status of the oversized answer
   * @param limitBytes the most bytes the client reads of one body
   * @param seen what showed the size, as a clause: "its Content-Length is 10737418240 bytes"
   */
  constructor(
    public readonly method: string,
    public readonly path: string,
    public readonly status: number,
    public readonly limitBytes: number,
    seen: string,
  ) {
    super(
      `${method} ${path}: the server answered ${statusText(status)} with a body larger than the ` +
        `${limitBytes / (1024 * 1024)} MiB (${limitBytes} bytes) this client reads of one answer (${seen}); it ` +
        'stopped reading and closed the connection. No answer of the Sigma API comes near that size, so the ' +
        'server at the base URL, or a gateway or proxy on the way, answered with something else. Check that the ' +
        `base URL is the Sigma API (for example \`${API_URL_EXAMPLE}\`) and what the gateway or proxy between ` +
        'this machine and it returns, then run the deploy (or the command) again.',
    );
  }
}

/** A response body does not match its schema; names the endpoint and the first offending field, and shows its value. */
export class SchemaMismatchError extends SigmaAuditLogsError {
  public readonly code = 'schema_mismatch';

  /**
   * @param field dotted path of the first offending field ("entries.0.status"), "(body)" for the whole body
   * @param issue what is wrong with it, from the schema
   * @param value the field's value as a message shows server text (src/output/server-text), when there is one
   */
  constructor(
    public readonly method: string,
    public readonly path: string,
    public readonly field: string,
    public readonly issue: string,
    public readonly value?: string,
  ) {
    super(
      `${method} ${path}: field \`${field}\` ${issue}${value === undefined ? '' : ` (answered: ${value})`}. The response does not ` +
        `match the API contract this package targets: check that the base URL is the Sigma API (for example \`${API_URL_EXAMPLE}\`), ` +
        'and upgrade the package if the API has changed. The answer was not used.',
    );
  }
}

/** Any status the contract does not give this call (and a 401 that persists after a token refresh). */
export class UnexpectedResponseError extends SigmaAuditLogsError {
  public readonly code = 'unexpected_response';

  /**
   * @param bodyCode the `code` of the error body, when there is one
   * @param advice what to do, when something more specific than the default is known
   */
  constructor(
    public readonly method: string,
    public readonly path: string,
    public readonly status: number,
    public readonly bodyCode?: string,
    serverMessage?: string,
    advice?: string,
  ) {
    super(
      `${method} ${path} answered ${statusText(status)}${bodyCode ? ` with code \`${bodyCode}\`` : ''}` +
        `${serverSaid(serverMessage)}, which this call does not expect. ` +
        (advice ??
          `Check that the base URL is the Sigma API (for example \`${API_URL_EXAMPLE}\`); if it is, retry ` +
            'later and report the status and code if it persists.'),
    );
  }
}

/** The connection could not be made for a reason retrying will not fix (unknown host, TLS certificate). */
export class ConnectionFailedError extends SigmaAuditLogsError {
  public readonly code = 'connection_failed';

  constructor(
    public readonly method: string,
    public readonly path: string,
    public readonly origin: string,
    public readonly reason: string,
  ) {
    super(
      `${method} ${path}: could not talk to ${origin}: ${reason}. Check the base URL's host name (for example ` +
        `\`${API_URL_EXAMPLE}\`), that it is reachable from here, and for https that its certificate is trusted.`,
    );
  }
}

/** A client option has a value the client cannot work with. */
export class InvalidClientOptionError extends SigmaAuditLogsError {
  public readonly code = 'invalid_client_option';

  constructor(
    public readonly option: string,
    public readonly value: unknown,
    expected: string,
    example: string,
  ) {
    super(`Sigma client option \`${option}\` is ${showValue(value)}; expected ${expected}, for example \`${example}\`.`);
  }
}

/**
 * A create or update was answered with another integration than the one asked for: another
 * name, or (for an update) another id. The answer is not used and no further call is made, so
 * that a wrong answer cannot lead to changing or deleting an integration nobody asked for.
 */
export class AnswerMismatchError extends SigmaAuditLogsError {
  public readonly code = 'answer_mismatch';

  /**
   * @param field the field of the answer that differs: "name", "integrationId"
   * @param asked the value that was asked for
   * @param answered the value in the answer (server text: redacted and shown with its invisible or non-ASCII characters escaped)
   */
  constructor(
    public readonly method: string,
    public readonly path: string,
    public readonly field: string,
    public readonly asked: string,
    public readonly answered: string,
  ) {
    super(
      `${method} ${path} was answered with another storage integration than the one asked for: field \`${field}\` is ` +
        `${answered}, expected ${asked} (names are compared by ASCII letters without regard to case, nothing else). ` +
        'The answer was not used and no further call was made. A gateway or proxy may be rewriting answers, or the ' +
        `base URL is not the Sigma API (for example \`${API_URL_EXAMPLE}\`): check both, then list the integrations ` +
        '(`sigma-audit-logs list`) to see what this call may have changed before you deploy again.',
    );
  }
}
