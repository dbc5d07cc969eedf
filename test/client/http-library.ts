import type { HttpLibrary } from '../../src/client';

/**
 * The HTTP library the client's tests build their clients on: undici (the client's default), or
 * node's http in the run that jest.config.js sets up for it (the handler's library).
 */
export const HTTP_LIBRARY: HttpLibrary = process.env.SIGMA_TEST_HTTP_LIBRARY === 'node' ? 'node' : 'undici';
