export * from './contract';
export * from './errors';
export { CallBudget, describeStatus, isRetryableStatus, parseRetryAfterMs } from './http';
export type { RetryEvent, RequestEvent } from './http';
export * from './client';
