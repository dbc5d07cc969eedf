/** The exchange on undici: one Agent, with undici's own bound on each phase of a request. */
import { Agent } from 'undici';
import type { ExchangeRequest, ExchangeResponse, HttpExchange } from './exchange';

export class UndiciExchange implements HttpExchange {
  private readonly agent: Agent;

  constructor(connectTimeoutMs: number) {
    this.agent = new Agent({ connect: { timeout: connectTimeoutMs } });
  }

  public async request(request: ExchangeRequest): Promise<ExchangeResponse> {
    const response = await this.agent.request({
      origin: request.origin,
      path: request.path,
      method: request.method as 'GET',
      headers: request.headers,
      body: request.body,
      signal: request.signal,
      headersTimeout: request.timeoutMs,
      bodyTimeout: request.timeoutMs,
    });
    return { statusCode: response.statusCode, headers: response.headers, body: response.body };
  }

  public close(): Promise<void> {
    return this.agent.close();
  }
}
