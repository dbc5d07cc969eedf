// The handler's operations, for the `sigma-audit-logs` CLI (reconcile) and tests. The handler's
// own entry point is ./main, which runs on load and is therefore not exported here.
export * from './spec';
export * from './errors';
export * from './exit-codes';
export * from './operations';
export * from './validate';
export * from './environment';
export { packageVersion } from './version';
