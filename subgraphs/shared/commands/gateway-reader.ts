import { readFile } from 'node:fs/promises';
import { subgraphError } from '../errors';

/**
 * Reads other agencies' data the way any consumer does: through the gateway, with this
 * subgraph's own service token, so the read is authorized and audited like every other. (Issue
 * #9 makes subgraphs accept only requests the gateway signed, so there is no side door to use.)
 * The token lives in a file that the operator's token agent keeps fresh; `npm start` writes a
 * development one.
 */
export interface GatewayReader {
  read<T>(query: string, variables: Record<string, unknown>, purpose: string): Promise<{ data: T; requestId: string | null }>;
}

export interface GatewayReaderOptions {
  readonly url: string;
  readonly tokenFile: string;
  readonly timeoutMs?: number;
  /** Names the subgraph whose data is read, for the error a caller sees when it cannot be. */
  readonly serviceName: string;
}

export function createGatewayReader(options: GatewayReaderOptions): GatewayReader {
  return {
    async read<T>(query: string, variables: Record<string, unknown>, purpose: string) {
      const unavailable = (why: string) =>
        subgraphError('SUBGRAPH_UNAVAILABLE', `${options.serviceName}'s data could not be read (${why}); nothing was changed`, {
          serviceName: options.serviceName,
        });
      let token: string;
      try {
        token = (await readFile(options.tokenFile, 'utf8')).trim();
      } catch {
        throw unavailable('no service token');
      }
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': purpose },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
      } catch (error) {
        throw unavailable((error as Error).name === 'TimeoutError' ? 'timed out' : 'gateway unreachable');
      }
      const body = (await response.json().catch(() => null)) as { data?: T; errors?: { extensions?: { code?: string } }[] } | null;
      if (!response.ok || !body?.data || body.errors?.length) {
        throw unavailable(body?.errors?.[0]?.extensions?.code ?? `HTTP ${response.status}`);
      }
      return { data: body.data, requestId: response.headers.get('x-request-id') };
    },
  };
}
