import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** What a scrape answers: the registry's text, or a cluster's (see gateway/main.ts). */
export type RenderMetrics = () => Promise<{ readonly contentType: string; readonly body: string }>;

export function renderRegistry(registry: Registry): RenderMetrics {
  return async () => ({ contentType: registry.contentType, body: await registry.metrics() });
}

/** `GET /metrics` in the Prometheus text format on `app`. */
export function registerMetricsRoute(app: FastifyInstance, render: RenderMetrics): void {
  app.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await render();
    return reply.type(contentType).header('cache-control', 'no-store').send(body);
  });
}

/**
 * The metrics listener: `/metrics` alone, on its own host and port (METRICS_HOST, METRICS_PORT),
 * so the public listener never shows what the process is doing. It has never listened.
 */
export function buildMetricsApp(render: RenderMetrics): FastifyInstance {
  const app = Fastify({ logger: false });
  registerMetricsRoute(app, render);
  return app;
}
