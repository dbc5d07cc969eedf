/**
 * Answers far larger than any of the Sigma API: the client reads at most MAX_RESPONSE_BYTES of a
 * body, closes the connection past that, and says so, while the process's memory stays flat. In
 * a file of its own, so that the memory measured is this file's.
 */
import { MAX_RESPONSE_BYTES, ResponseTooLargeError, SigmaClient } from '../../src/client';
import { EXIT_CODES, exitCodeFor } from '../../src/handler/exit-codes';
import { ScriptedReply, ScriptedServer, failureRecorder, startScriptedServer } from './loopback';
import { HTTP_LIBRARY } from './http-library';

const MiB = 1024 * 1024;
/** What a hostile server offers: fifty times the limit. */
const OFFERED_BYTES = 200 * MiB;

const servers: ScriptedServer[] = [];
const clients: SigmaClient[] = [];
const observed: string[] = [];
const failure = failureRecorder(observed);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
});

async function scripted(reply: ScriptedReply) {
  const server = await startScriptedServer(() => reply);
  servers.push(server);
  // Few attempts and a short timeout bound the test's time should the answer be read (and retried) after all.
  const client = new SigmaClient({ httpLibrary: HTTP_LIBRARY,
    baseUrl: server.url,
    clientId: 'oversized',
    clientSecret: 'oversized-secret',
    backoffBaseMs: 5,
    maxAttempts: 2,
    requestTimeoutMs: 5000,
  });
  clients.push(client);
  return { server, client, apiRequests: () => server.received.filter((r) => r.path !== '/v2/auth/token') };
}

/** The promise's outcome, with the largest growth of rss and of heap + buffers seen while it ran. */
async function measured<T>(run: () => Promise<T>): Promise<{ result: T; rssGrowth: number; heapGrowth: number }> {
  const heap = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const rss0 = process.memoryUsage().rss;
  const heap0 = heap();
  let rssGrowth = 0;
  let heapGrowth = 0;
  const sample = () => {
    rssGrowth = Math.max(rssGrowth, process.memoryUsage().rss - rss0);
    heapGrowth = Math.max(heapGrowth, heap() - heap0);
  };
  const timer = setInterval(sample, 5);
  try {
    const result = await run();
    sample();
    return { result, rssGrowth, heapGrowth };
  } finally {
    clearInterval(timer);
  }
}

test('a 200 MB answer streamed without a length is cut at the limit, its connection closed, with memory flat', async () => {
  const { server, client, apiRequests } = await scripted({ status: 200, streamBytes: OFFERED_BYTES });
  const started = performance.now();

  const { result: error, rssGrowth, heapGrowth } = await measured(() => failure(client.listIntegrations()));

  expect(error).toBeInstanceOf(ResponseTooLargeError);
  expect(error.code).toBe('response_too_large');
  expect(exitCodeFor(error)).toBe(EXIT_CODES.failed);
  expect(error.message).toMatch(/^GET \/v2\/audit-logs\/storage-integrations: the server answered 200 OK with a body larger than the 4 MiB/);
  expect(error.message).toContain(`more than ${MAX_RESPONSE_BYTES} bytes arrived`);
  expect(error.message).not.toMatch(/host name/i);
  // Not retried, and the server stopped writing soon after the limit: the connection was closed.
  expect(apiRequests()).toHaveLength(1);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(server.streamedBytes()).toBeLessThan(32 * MiB);
  expect(heapGrowth).toBeLessThan(64 * MiB);
  expect(rssGrowth).toBeLessThan(150 * MiB);
  expect(performance.now() - started).toBeLessThan(10_000);
});

test('an answer whose Content-Length exceeds the limit is refused before its body is read', async () => {
  const { server, client, apiRequests } = await scripted({
    status: 502,
    headers: { 'content-length': String(10 * 1024 * MiB) },
    streamBytes: OFFERED_BYTES,
  });

  const { result: error, rssGrowth, heapGrowth } = await measured(() => failure(client.whoami()));

  expect(error).toBeInstanceOf(ResponseTooLargeError);
  expect(error.message).toMatch(/^GET \/v2\/whoami: the server answered 502 Bad Gateway with a body larger than the 4 MiB/);
  expect(error.message).toContain(`its Content-Length is ${10 * 1024 * MiB} bytes`);
  // A 502 is otherwise retried; an oversized one is not.
  expect(apiRequests()).toHaveLength(1);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(server.streamedBytes()).toBeLessThan(32 * MiB);
  expect(heapGrowth).toBeLessThan(64 * MiB);
  expect(rssGrowth).toBeLessThan(150 * MiB);
});

test('an answer just under the limit is read whole', async () => {
  // A valid page padded with spaces to just under the limit: large, but an answer.
  const page = JSON.stringify({ entries: [], nextPage: null, total: 0 });
  const { client } = await scripted({ status: 200, body: page + ' '.repeat(MAX_RESPONSE_BYTES - page.length) });
  await expect(client.listIntegrations()).resolves.toEqual([]);
});

test('no error text of this file contains the client secret', () => {
  expect(observed.length).toBeGreaterThan(3);
  expect(observed.filter((text) => text.includes('oversized-secret'))).toEqual([]);
});
