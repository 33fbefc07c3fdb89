import type { FastifyInstance } from 'fastify';

/** Asks one subgraph a trivial query: 'ok', or what went wrong ('timeout', 'unreachable', 'HTTP 503'). */
export type SubgraphProbe = (timeoutMs: number) => Promise<string>;

/**
 * `GET /health`: the process is up. `GET /ready`: the supergraph is loaded (it is, or the app
 * would not exist), the gateway is not shutting down, and every subgraph answers a trivial query
 * in time, over the same proven transport the gateway's data requests use.
 */
export function registerHealthRoutes(app: FastifyInstance, probes: ReadonlyMap<string, SubgraphProbe>, timeoutMs: number, draining: () => boolean): void {
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    if (draining()) return reply.code(503).send({ status: 'draining' });
    const checks = await Promise.all([...probes].map(async ([name, probe]) => [name, await probe(Math.min(timeoutMs, 2000))] as const));
    const subgraphs = Object.fromEntries(checks);
    const ready = checks.every(([, status]) => status === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', subgraphs });
  });
}
