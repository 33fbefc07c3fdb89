import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createHash } from 'node:crypto';

/** The part of a fetch Response that RemoteGraphQLDataSource reads. */
export interface SubgraphResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  json(): Promise<unknown>;
  text(): Promise<string>;
  /** SHA-256 (hex) of the request body and of the response body as sent and received, for the audit. */
  requestHash(): string;
  bodyHash(): string;
}

export class SubgraphTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * A fetch for subgraph calls on node:http with keep-alive agents. Node's built-in fetch builds web
 * streams, clones requests and makes transferable signals for every call: a fifth of the gateway's
 * CPU went there. The deadline covers the whole exchange, body included.
 */
export function createSubgraphFetcher(timeoutMs: number, maxSockets = 128) {
  const agents = {
    'http:': new Agent({ keepAlive: true, maxSockets }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets }),
  };
  // A subgraph has one URL: parse it once, not per call.
  const targets = new Map<string, { target: URL; send: typeof httpRequest; agent: Agent }>();
  const targetOf = (url: string) => {
    let known = targets.get(url);
    if (!known) {
      const target = new URL(url);
      const https = target.protocol === 'https:';
      known = { target, send: https ? httpsRequest : httpRequest, agent: https ? agents['https:'] : agents['http:'] };
      targets.set(url, known);
    }
    return known;
  };
  const fetcher = (url: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<SubgraphResponse> =>
    new Promise((resolve, reject) => {
      const { target, send, agent } = targetOf(url);
      const body = init.body ?? '';
      const headers = { ...init.headers };
      headers['content-length'] = String(Buffer.byteLength(body));
      const request = send(target, { method: init.method ?? 'POST', agent, headers });
      const timer = setTimeout(() => request.destroy(new SubgraphTimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs);
      request.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      request.on('response', (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        response.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          const status = response.statusCode ?? 0;
          resolve({
            ok: status >= 200 && status < 300,
            status,
            statusText: response.statusMessage ?? '',
            url,
            headers: {
              get: (name: string) => {
                const value = response.headers[name.toLowerCase()];
                return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
              },
            },
            json: async () => JSON.parse(text) as unknown,
            text: async () => text,
            requestHash: () => sha256(body),
            bodyHash: () => sha256(text),
          });
        });
      });
      request.end(body);
    });
  return Object.assign(fetcher, { close: () => Object.values(agents).forEach((agent) => agent.destroy()) });
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
