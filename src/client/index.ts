export * from './contract';
export * from './errors';
export { CallBudget, MAX_RESPONSE_BYTES, MIN_ATTEMPT_MS, parseRetryAfterMs } from './http';
export type { RetryEvent, RequestEvent } from './http';
export * from './client';
export type { HttpLibrary } from './exchange';
