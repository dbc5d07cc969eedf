/**
 * Reading the server's answers: a body against its schema, an error body, and a status turned
 * into the package's error for the call at hand. Every piece of server text is redacted (and cut)
 * before it reaches an error.
 */
import * as z from '../schema/zod';
import { Integration, errorBodySchema, errorCodes } from './contract';
import { sameIntegrationName } from '../rules/sigma';
import { DESTINATION_EXAMPLES } from '../destination/rules';
import {
  CloudChangeRequiresReplacementError,
  FIELD_EXAMPLES,
  ForbiddenError,
  InvalidFieldError,
  NameTakenError,
  NotFoundError,
  SchemaMismatchError,
  UnexpectedResponseError,
} from './errors';
import { HttpMethod, ReceivedResponse } from './http';
import { Redactor } from './redaction';

export interface ApiRequest {
  readonly method: HttpMethod;
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly json?: unknown;
}

/** What a failed call was about, so that a status can name the thing it concerns. */
export interface FailureContext {
  readonly notFound?: { readonly resource: string; readonly id: string };
  readonly nameTaken?: { readonly resource: string; readonly name: string };
  readonly cloudChange?: { readonly integrationId: string; readonly destination: string };
  /** The body that was sent, to quote the refused field's value. */
  readonly sent?: Readonly<Record<string, unknown>>;
  /** Cloud of the integration at hand, to pick a matching destination example. */
  readonly cloud?: string;
}

export interface ServerError {
  readonly code?: string;
  readonly message?: string;
  readonly field?: string;
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status <= 299;
}

/** The code, message and field of an error body, redacted; empty when the body is not one. */
export function readErrorBody(body: string, redactor: Redactor): ServerError {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return {};
  }
  const parsed = z.partial(errorBodySchema).safeParse(json);
  if (!parsed.success) {
    return {};
  }
  return {
    code: redactor.quote(parsed.data.code),
    message: redactor.quote(parsed.data.message),
    field: redactor.quote(parsed.data.field),
  };
}

/** The body parsed by `schema`; SchemaMismatchError naming the first offending field otherwise. */
export function decode<S extends z.Schema>(schema: S, method: string, path: string, body: string, redactor: Redactor): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new SchemaMismatchError(method, path, '(body)', `is not JSON (${body.length} characters received)`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length === 0 ? '(body)' : issue.path.map(String).join('.');
    const value = issue.path.length === 0 ? undefined : valueAt(json, issue.path);
    const shown = typeof value === 'string' ? `"${redactor.quote(value, 200)}"` : value === undefined ? undefined : redactor.quote(JSON.stringify(value), 200);
    throw new SchemaMismatchError(method, path, redactor.quote(field), redactor.quote(issue.message), shown);
  }
  return parsed.data;
}

/** The value at a path of parsed JSON; undefined where the path leads nowhere. */
function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let value = json;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The validated body of a 2xx response, or the error its status means. */
export function expectBody<S extends z.Schema>(
  request: ApiRequest,
  res: ReceivedResponse,
  schema: S,
  context: FailureContext,
  redactor: Redactor,
): z.output<S> {
  if (!isSuccess(res.status)) {
    throw failure(request, res, context, redactor);
  }
  return decode(schema, request.method, request.path, res.body, redactor);
}

/** The error a non-2xx status means for this call. */
export function failure(request: ApiRequest, res: ReceivedResponse, context: FailureContext, redactor: Redactor): Error {
  const { method, path } = request;
  const server = readErrorBody(res.body, redactor);
  switch (res.status) {
    case 400: {
      const field = server.field ?? '(not named by the server)';
      return new InvalidFieldError(method, path, field, server.message ?? 'no reason given', context.sent?.[field], fieldExample(field, context.cloud));
    }
    case 403:
      return new ForbiddenError(method, path, server.message);
    case 404:
      if (context.notFound) {
        return new NotFoundError(context.notFound.resource, context.notFound.id, method, path);
      }
      break;
    case 409:
      if (server.code === errorCodes.cloudChangeRequiresReplacement && context.cloudChange) {
        return new CloudChangeRequiresReplacementError(context.cloudChange.integrationId, context.cloudChange.destination, server.message);
      }
      if (context.nameTaken && server.code !== errorCodes.cloudChangeRequiresReplacement) {
        return new NameTakenError(context.nameTaken.resource, context.nameTaken.name);
      }
      break;
    default:
      break;
  }
  return new UnexpectedResponseError(method, path, res.status, server.code, server.message);
}

/** The first field of an integration answered that is not what was asked for: another id, or another name by the contract's rule. */
export function answerMismatch(
  answer: Integration,
  asked: { readonly integrationId?: string; readonly name?: string },
): { readonly field: 'integrationId' | 'name'; readonly asked: string; readonly answered: string } | undefined {
  if (asked.integrationId !== undefined && answer.integrationId !== asked.integrationId) {
    return { field: 'integrationId', asked: asked.integrationId, answered: answer.integrationId };
  }
  if (asked.name !== undefined && !sameIntegrationName(answer.name, asked.name)) {
    return { field: 'name', asked: asked.name, answered: answer.name };
  }
  return undefined;
}

/** The request body as the contract shapes it; a value of the wrong type is refused before sending. */
export function requestBody<S extends z.Schema>(schema: S, value: unknown, method: string, path: string, cloud?: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.map(String).join('.') || '(body)';
    const given = issue.path.length === 1 && typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[String(issue.path[0])] : undefined;
    throw new InvalidFieldError(method, path, field, `${issue.message} (refused before sending)`, given, fieldExample(field, cloud));
  }
  return parsed.data;
}

function fieldExample(field: string, cloud: string | undefined): string | undefined {
  if (field === 'destination') {
    return cloud === 'azure' || cloud === 'gcp' ? DESTINATION_EXAMPLES[cloud] : DESTINATION_EXAMPLES.aws;
  }
  return FIELD_EXAMPLES[field];
}
