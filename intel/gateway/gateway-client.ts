import { readFile } from 'node:fs/promises';

/**
 * The intel service reads and writes like any other consumer: GraphQL over HTTP to the gateway,
 * with a bearer token and a purpose, so every read is authorized and audited there. The engine
 * uses its own service token (a file a token agent keeps fresh); a report is read with the token
 * of the joint conference that asked for it.
 */
export interface GatewayClient {
  request<T>(query: string, variables: Record<string, unknown>): Promise<{ data: T; requestId: string | null }>;
}

/** Why a read through the gateway failed, for the caller's error and the engine's log. */
export class GatewayReadError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(message: string, code: string, status: number) {
    super(message);
    this.name = 'GatewayReadError';
    this.code = code;
    this.status = status;
  }
}

export interface GatewayClientOptions {
  readonly url: string;
  /** The token itself, or a function reading it (re-read on every request, so a refreshed file is used). */
  readonly token: string | (() => Promise<string>);
  readonly purpose: string;
  readonly timeoutMs?: number;
}

export function tokenFromFile(file: string): () => Promise<string> {
  return async () => (await readFile(file, 'utf8')).trim();
}

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  return {
    async request<T>(query: string, variables: Record<string, unknown>) {
      let token: string;
      try {
        token = typeof options.token === 'string' ? options.token : await options.token();
      } catch {
        throw new GatewayReadError('the service token could not be read', 'SUBGRAPH_UNAVAILABLE', 503);
      }
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': options.purpose },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        throw new GatewayReadError(`the gateway ${(error as Error).name === 'TimeoutError' ? 'timed out' : 'is unreachable'}`, 'SUBGRAPH_UNAVAILABLE', 503);
      }
      const body = (await response.json().catch(() => null)) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] } | null;
      const first = body?.errors?.[0];
      if (!response.ok || !body?.data || first) {
        const code = first?.extensions?.code ?? (response.status === 401 ? 'UNAUTHENTICATED' : 'SUBGRAPH_UNAVAILABLE');
        throw new GatewayReadError(first?.message ?? `the gateway answered HTTP ${response.status}`, code, response.status === 200 ? 502 : response.status);
      }
      return { data: body.data, requestId: response.headers.get('x-request-id') };
    },
  };
}
