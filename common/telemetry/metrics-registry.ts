import { collectDefaultMetrics, Registry } from 'prom-client';

/** OpenTelemetry's advice for `http.server.request.duration` and `http.client.request.duration`, in seconds. */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** For work that takes well under a millisecond when healthy: one SQL statement, one audit append. */
export const FAST_DURATION_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * A registry of one's own (never prom-client's global one, so two apps in one process never share
 * a series) with Node's process metrics: CPU, memory, GC, event-loop delay.
 */
export function createMetricsRegistry(defaultLabels: Record<string, string> = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels(defaultLabels);
  collectDefaultMetrics({ register: registry });
  return registry;
}
