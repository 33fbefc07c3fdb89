import cluster, { type Worker } from 'node:cluster';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { AggregatorRegistry } from 'prom-client';
import { ConfigError, runMain } from '../common/config-error';
import { buildMetricsApp, renderRegistry, type RenderMetrics } from '../common/telemetry/metrics-endpoint';
import { createMetricsRegistry } from '../common/telemetry/metrics-registry';
import { metricsEnabled } from '../common/telemetry/telemetry-config';
import { startTracing } from '../common/telemetry/tracing';
import { SUPERGRAPH_PATH } from '../schema/paths';
import { buildGateway } from './app';
import { ensureAuditDir } from './audit/open-audit-trail';
import { resolveGatewayConfig, type GatewayConfig } from './config';
import { awaitReplacement, handReplicasOver } from './http/replica-handoff';
import { watchSupergraphFile } from './supergraph/watch-supergraph-file';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';
// Under load most of what outlives a scavenge is the trees of requests still in flight, dead soon
// after; V8 lets old space grow to up to four times what survived the last full collection before
// collecting it again (198 MB of old space over 47 MB live, 330-370 MiB peak RSS, on the public
// benchmark). 1.75 times keeps the peak near 240 MiB for no measurable CPU. Read by V8 at every
// full collection, so set here, before the heap has grown.
setFlagsFromString('--heap-growing-percent=75');

/** How long a draining cluster worker waits for its replacement to listen before it drains anyway. */
const REPLACEMENT_TIMEOUT_MS = 60_000;

runMain(async () => {
  const config = resolveGatewayConfig(process.env, { supergraphPath: SUPERGRAPH_PATH });
  if (config.workers > 1 && cluster.isPrimary) return supervise(config);
  let supergraphSdl: string;
  try {
    supergraphSdl = readFileSync(config.supergraphPath, 'utf8');
  } catch (error) {
    throw new ConfigError('SUPERGRAPH_PATH', 'a readable supergraph file', `${config.supergraphPath} (${(error as Error).message})`);
  }
  const metricsRegistry = metricsEnabled(config.telemetry) ? createMetricsRegistry() : undefined;
  // A cluster worker's metrics are the primary's to serve, summed over the workers.
  if (metricsRegistry && cluster.isWorker) {
    AggregatorRegistry.setRegistries([metricsRegistry]);
    // Constructing one is what makes prom-client answer the primary's requests for them.
    new AggregatorRegistry();
  }
  const tracing = await startTracing(config.telemetry.tracing);
  const app = await buildGateway({ config, supergraphSdl, logger: process.env.LOG_LEVEL !== 'silent', metricsRegistry, tracer: tracing?.tracer });
  if (!config.audit.enabled) app.log.warn('AUDIT_ENABLED=false: data is served without an audit record; for benchmarks only');
  if (!config.authorization.enabled) app.log.warn('AUTHZ_ENABLED=false: every field is served to every caller; for benchmarks only');
  // The metrics listener first, so its address is printed before the line the stack waits for.
  const metricsApp = metricsRegistry && cluster.isPrimary ? await listenForMetrics(config, renderRegistry(metricsRegistry)) : null;
  const address = await app.listen({ host: config.host, port: config.port });
  // A cluster worker's address is the primary's to announce.
  if (cluster.isPrimary) process.stdout.write(`gateway listening on ${address}/graphql\n`);
  const unwatch = config.supergraphWatch.enabled
    ? watchSupergraphFile(config.supergraphPath, config.supergraphWatch.intervalMs, async (sdl) => {
      await app.reloadSupergraph(sdl);
    }, (error) => app.log.error({ err: error, path: config.supergraphPath }, 'supergraph file unreadable; the previous supergraph is still served'))
    : () => undefined;
  const stop = () => {
    unwatch();
    void app.shutdown(awaitReplacement(REPLACEMENT_TIMEOUT_MS)).then(async () => {
      await metricsApp?.close();
      await tracing?.shutdown();
      process.exit(0);
    }, (error: unknown) => {
      process.stderr.write(`gateway did not stop cleanly: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});

/** The metrics listener (METRICS_PORT), or none; its address is printed. */
async function listenForMetrics(config: GatewayConfig, render: RenderMetrics) {
  const { port, host } = config.telemetry.metrics;
  if (port === null) return null;
  const metricsApp = buildMetricsApp(render);
  process.stdout.write(`gateway metrics at ${await metricsApp.listen({ host, port })}/metrics\n`);
  return metricsApp;
}

/**
 * GATEWAY_WORKERS > 1: this process only supervises. The workers (node:cluster) share the port,
 * the primary handing each new connection to the next; each is a whole gateway with its own audit
 * worker, all appending to one chain in PostgreSQL. A worker that dies is replaced; one stopped
 * with SIGTERM (a rolling restart) has its replacement listening before it stops accepting; a
 * signal to the primary stops them all, each draining as a single gateway would. /metrics is
 * served here, the workers' registries summed.
 */
async function supervise(config: GatewayConfig): Promise<void> {
  // Made once here, so the workers do not race to create different keys.
  if (config.audit.enabled) ensureAuditDir(config.audit);
  const aggregator = new AggregatorRegistry();
  const metricsApp = metricsEnabled(config.telemetry)
    ? await listenForMetrics(config, async () => ({ contentType: aggregator.contentType, body: await aggregator.clusterMetrics() }))
    : null;
  let stopping = false;
  let announced = false;
  let exitCode = 0;
  const listening = new Set<Worker>();
  const exit = () => void (metricsApp?.close() ?? Promise.resolve()).then(() => process.exit(exitCode));
  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.once('listening', (address) => {
      listening.add(worker);
      if (listening.size === config.workers && !announced) {
        announced = true;
        const host = address.address ?? config.host;
        const pids = [...listening].map((w) => w.process.pid).join(', ');
        process.stdout.write(`gateway listening on http://${host.includes(':') ? `[${host}]` : host}:${address.port}/graphql (workers: ${pids})\n`);
      }
    });
    worker.once('exit', (code, signal) => {
      const wasListening = listening.delete(worker);
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) exit();
        return;
      }
      if (!wasListening) {
        // It failed at start-up (it printed why): another would fail the same way.
        process.stderr.write(`gateway worker ${worker.process.pid} exited (${signal ?? code}) before listening; stopping\n`);
        exitCode = 1;
        stopAll();
        return;
      }
      // Stopped for a rolling restart: its replacement was started when it began to drain.
      if (wasReplaced(worker)) return;
      process.stderr.write(`gateway worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`);
      fork();
    });
    return worker;
  };
  const wasReplaced = handReplicasOver(fork, () => stopping);
  const stopAll = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) exit();
    for (const worker of workers) worker?.process.kill('SIGTERM');
  };
  process.once('SIGINT', stopAll);
  process.once('SIGTERM', stopAll);
  for (let i = 0; i < config.workers; i += 1) fork();
}
