import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { GATEWAY_PROOF_HEADER, REQUEST_ID_HEADER, sha256Hex, signGatewayRequest } from '../../common/gateway-proof/gateway-proof';

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

/** Who signs: the shared key, and the subgraph the requests are for (the proof's audience). */
export interface SubgraphProof {
  readonly key: Buffer;
  readonly audience: string;
}

/**
 * A fetch for subgraph calls on node:http with keep-alive agents. Node's built-in fetch builds web
 * streams, clones requests and makes transferable signals for every call: a fifth of the gateway's
 * CPU went there. The deadline covers the whole exchange, body included.
 *
 * With `proof`, every request carries `x-gateway-proof`, signed here, just before it leaves, over
 * the exact body bytes and the request id, so that whatever executor drives this fetcher the
 * subgraphs can tell the gateway's requests from anyone else's.
 */
export function createSubgraphFetcher(timeoutMs: number, maxSockets = 128, proof: SubgraphProof | null = null) {
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
      const method = init.method ?? 'POST';
      const headers: Record<string, string | number> = { ...init.headers, 'content-length': Buffer.byteLength(body) };
      // One SHA-256 of the body serves the proof and the audit's request hash.
      let bodyHash: string | null = null;
      if (proof) {
        const requestId = init.headers?.[REQUEST_ID_HEADER] ?? '';
        bodyHash = sha256Hex(body);
        headers[GATEWAY_PROOF_HEADER] = signGatewayRequest(proof.key, { method, path: target.pathname + target.search, audience: proof.audience, requestId, body, bodyHash });
      }
      const request = send(target, { method, agent, headers });
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
          const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
          const text = bytes.toString('utf8');
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
            requestHash: () => (bodyHash ??= sha256Hex(body)),
            // Over the bytes as they crossed the wire, not the text decoded from them (no second encoding).
            bodyHash: () => sha256Hex(bytes),
          });
        });
      });
      request.end(body);
    });
  return Object.assign(fetcher, { close: () => Object.values(agents).forEach((agent) => agent.destroy()) });
}
