import { STATUS_CODES } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Gauge, Histogram, type Registry } from 'prom-client';
import { HTTP_DURATION_BUCKETS } from './metrics-registry';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

/**
 * `http_server_request_duration_seconds` and `http_server_active_requests`, the OpenTelemetry
 * HTTP server instruments as Apollo Router exports them to Prometheus, with their labels: the
 * method (`_OTHER` for a non-standard one), the matched route template (never the raw URL, which
 * the client chooses), the status and, for a 5xx, `error_type`.
 */
export function registerHttpServerMetrics(app: FastifyInstance, registry: Registry): void {
  const duration = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP server requests',
    labelNames: ['http_request_method', 'http_route', 'http_response_status_code', 'error_type'],
    buckets: HTTP_DURATION_BUCKETS,
    registers: [registry],
  });
  const active = new Gauge({
    name: 'http_server_active_requests',
    help: 'Number of active HTTP server requests',
    labelNames: ['http_request_method'],
    registers: [registry],
  });
  app.addHook('onRequest', (request, reply, done) => {
    const method = KNOWN_METHODS.has(request.method) ? request.method : '_OTHER';
    active.inc({ http_request_method: method });
    // 'close' comes for every response, finished or aborted, so the gauge cannot drift.
    reply.raw.once('close', () => {
      active.dec({ http_request_method: method });
      const status = reply.statusCode;
      duration.observe({
        http_request_method: method,
        http_route: request.routeOptions.url ?? '',
        http_response_status_code: String(status),
        error_type: status >= 500 ? (STATUS_CODES[status] ?? String(status)) : reply.raw.writableFinished ? '' : 'aborted',
      }, reply.elapsedTime / 1000);
    });
    done();
  });
}
