import type { FastifyInstance } from 'fastify';

/**
 * `GET /health`: the process is up. `GET /ready`: the supergraph is loaded (it is, or the app
 * would not exist), the gateway is not shutting down, and every subgraph answers a trivial query in time.
 */
export function registerHealthRoutes(app: FastifyInstance, subgraphUrls: ReadonlyMap<string, string>, timeoutMs: number, draining: () => boolean): void {
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    if (draining()) return reply.code(503).send({ status: 'draining' });
    const checks = await Promise.all(
      [...subgraphUrls].map(async ([name, url]) => {
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ __typename }' }),
            signal: AbortSignal.timeout(Math.min(timeoutMs, 2000)),
          });
          const body = (await response.json()) as { data?: { __typename?: string } };
          return [name, response.ok && body.data?.__typename === 'Query' ? 'ok' : `HTTP ${response.status}`] as const;
        } catch (error) {
          return [name, error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'unreachable'] as const;
        }
      }),
    );
    const subgraphs = Object.fromEntries(checks);
    const ready = checks.every(([, status]) => status === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', subgraphs });
  });
}
