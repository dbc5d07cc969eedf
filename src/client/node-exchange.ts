/**
 * The exchange on node's own http and https: a kept-alive agent per scheme, and no bound of its
 * own on any phase (the transport's timer aborts the whole request through its signal). Node
 * follows no redirect and reads no proxy variable, as undici's Agent does not either.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { ExchangeRequest, ExchangeResponse, HttpExchange } from './exchange';

export class NodeHttpExchange implements HttpExchange {
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true }),
    'https:': new https.Agent({ keepAlive: true }),
  };

  public request(request: ExchangeRequest): Promise<ExchangeResponse> {
    const url = new URL(request.origin);
    const scheme = url.protocol === 'https:' ? 'https:' : 'http:';
    const send = scheme === 'https:' ? https.request : http.request;
    const headers: Record<string, string> = { ...request.headers };
    // A length rather than chunked encoding, as undici sends a string body.
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    return new Promise((resolve, reject) => {
      const outgoing = send(
        {
          protocol: scheme,
          // URL keeps the brackets of an IPv6 host; a request takes the address alone.
          hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: url.port === '' ? undefined : Number(url.port),
          path: request.path,
          method: request.method,
          headers,
          agent: this.agents[scheme],
          signal: request.signal,
        },
        (response) => resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: response }),
      );
      outgoing.once('error', reject);
      outgoing.end(request.body);
    });
  }

  public close(): Promise<void> {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
    return Promise.resolve();
  }
}
