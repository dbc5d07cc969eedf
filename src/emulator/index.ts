/**
 * The local Sigma emulator: a real HTTP server on loopback that implements the package's
 * storage-integration contract with the portal's rules, plus controls (reset, state, outbox,
 * faults) under `/__emulator/`. Tests, the demo and users point the client at its `url`.
 */
export { startEmulator, CONTROL_PREFIX, DEFAULT_CLIENTS, DEFAULT_PROVISIONING_DELAY_MS, DEFAULT_TOKEN_LIFETIME_SECONDS } from './server';
export { isLoopbackHost } from '../rules/loopback';
export { EmulatorError } from './errors';
export type { EmulatorErrorCode } from './errors';
export { validateFaultRule } from './faults';
export type {
  EmulatorClient,
  EmulatorConfig,
  EmulatorEmail,
  EmulatorEmailKind,
  EmulatorOptions,
  EmulatorRequestRecord,
  EmulatorState,
  FaultKind,
  FaultRule,
  RunningEmulator,
} from './types';
