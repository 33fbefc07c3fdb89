import type { IncomingHttpHeaders } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
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
 * A fetch for subgraph calls on undici's dispatcher, one keep-alive pool per subgraph. Node's
 * built-in fetch builds web streams, clones requests and makes transferable signals for every call
 * (a fifth of the gateway's CPU went there), and node:http still builds a ClientRequest, an
 * IncomingMessage and their streams per call; a dispatch handler only collects the chunks. The
 * deadline covers the whole exchange, queueing for a connection and body included.
 *
 * With `proof`, every request carries `x-gateway-proof`, signed here, just before it leaves, over
 * the exact body bytes and the request id, so that whatever executor drives this fetcher the
 * subgraphs can tell the gateway's requests from anyone else's.
 */
export function createSubgraphFetcher(timeoutMs: number, maxSockets = 128, proof: SubgraphProof | null = null) {
  // A subgraph has one URL: parsed, and its pool made, once.
  const targets = new Map<string, { pool: Pool; path: string }>();
  const targetOf = (url: string) => {
    let known = targets.get(url);
    if (!known) {
      const target = new URL(url);
      // undici's own per-phase timeouts off: the one deadline below is the whole exchange's.
      known = { pool: new Pool(target.origin, { connections: maxSockets, headersTimeout: 0, bodyTimeout: 0 }), path: target.pathname + target.search };
      targets.set(url, known);
    }
    return known;
  };
  const fetcher = (url: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<SubgraphResponse> =>
    new Promise((resolve, reject) => {
      const { pool, path } = targetOf(url);
      const body = init.body ?? '';
      const method = (init.method ?? 'POST') as Dispatcher.HttpMethod;
      const headers: Record<string, string> = { ...init.headers };
      // One SHA-256 of the body serves the proof and the audit's request hash.
      let bodyHash: string | null = null;
      if (proof) {
        const requestId = init.headers?.[REQUEST_ID_HEADER] ?? '';
        bodyHash = sha256Hex(body);
        headers[GATEWAY_PROOF_HEADER] = signGatewayRequest(proof.key, { method, path, audience: proof.audience, requestId, body, bodyHash });
      }
      let settled = false;
      let controller: Dispatcher.DispatchController | null = null;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      };
      const timer = setTimeout(() => {
        const error = new SubgraphTimeoutError(`no answer within ${timeoutMs} ms`);
        fail(error);
        controller?.abort(error);
      }, timeoutMs);
      let status = 0;
      let statusText = '';
      let responseHeaders: IncomingHttpHeaders = {};
      let chunks: Buffer[] = [];
      const handler: Dispatcher.DispatchHandler = {
        onRequestStart: (started) => {
          controller = started;
          // Timed out while waiting for a connection: never sent.
          if (settled) started.abort(new SubgraphTimeoutError(`no answer within ${timeoutMs} ms`));
        },
        onResponseStart: (_, statusCode, received, statusMessage) => {
          // Also called for 1xx answers: the last call is the response's.
          status = statusCode;
          statusText = statusMessage ?? '';
          responseHeaders = received;
          chunks = [];
        },
        onResponseData: (_, chunk) => {
          chunks.push(chunk);
        },
        onResponseEnd: () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
          const text = bytes.toString('utf8');
          resolve({
            ok: status >= 200 && status < 300,
            status,
            statusText,
            url,
            headers: {
              get: (name: string) => {
                const value = responseHeaders[name.toLowerCase()];
                return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
              },
            },
            json: async () => JSON.parse(text) as unknown,
            text: async () => text,
            requestHash: () => (bodyHash ??= sha256Hex(body)),
            // Over the bytes as they crossed the wire, not the text decoded from them (no second encoding).
            bodyHash: () => sha256Hex(bytes),
          });
        },
        onResponseError: (_, error) => fail(error),
      };
      try {
        pool.dispatch({ path, method, headers, body }, handler);
      } catch (error) {
        fail(error as Error);
      }
    });
  return Object.assign(fetcher, { close: () => targets.forEach(({ pool }) => void pool.destroy()) });
}
