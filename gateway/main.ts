import { readFileSync } from 'node:fs';
import { ConfigError, runMain } from '../common/config-error';
import { buildMetricsApp, renderRegistry } from '../common/telemetry/metrics-endpoint';
import { createMetricsRegistry } from '../common/telemetry/metrics-registry';
import { metricsEnabled } from '../common/telemetry/telemetry-config';
import { startTracing } from '../common/telemetry/tracing';
import { SUPERGRAPH_PATH } from '../schema/paths';
import { buildGateway } from './app';
import { resolveGatewayConfig } from './config';
import { watchSupergraphFile } from './supergraph/watch-supergraph-file';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

runMain(async () => {
  const config = resolveGatewayConfig(process.env, { supergraphPath: SUPERGRAPH_PATH });
  let supergraphSdl: string;
  try {
    supergraphSdl = readFileSync(config.supergraphPath, 'utf8');
  } catch (error) {
    throw new ConfigError('SUPERGRAPH_PATH', 'a readable supergraph file', `${config.supergraphPath} (${(error as Error).message})`);
  }
  const metricsRegistry = metricsEnabled(config.telemetry) ? createMetricsRegistry() : undefined;
  const tracing = await startTracing(config.telemetry.tracing);
  const app = await buildGateway({ config, supergraphSdl, logger: process.env.LOG_LEVEL !== 'silent', metricsRegistry, tracer: tracing?.tracer });
  if (!config.audit.enabled) app.log.warn('AUDIT_ENABLED=false: data is served without an audit record; for benchmarks only');
  if (!config.authorization.enabled) app.log.warn('AUTHZ_ENABLED=false: every field is served to every caller; for benchmarks only');
  // The metrics listener first, so its address is printed before the line the stack waits for.
  const metricsApp = metricsRegistry && config.telemetry.metrics.port !== null ? buildMetricsApp(renderRegistry(metricsRegistry)) : null;
  if (metricsApp) {
    const metricsAddress = await metricsApp.listen({ host: config.telemetry.metrics.host, port: config.telemetry.metrics.port ?? 0 });
    process.stdout.write(`gateway metrics at ${metricsAddress}/metrics\n`);
  }
  const address = await app.listen({ host: config.host, port: config.port });
  process.stdout.write(`gateway listening on ${address}/graphql\n`);
  const unwatch = config.supergraphWatch.enabled
    ? watchSupergraphFile(config.supergraphPath, config.supergraphWatch.intervalMs, async (sdl) => {
      await app.reloadSupergraph(sdl);
    }, (error) => app.log.error({ err: error, path: config.supergraphPath }, 'supergraph file unreadable; the previous supergraph is still served'))
    : () => undefined;
  const stop = () => void app.close().then(async () => {
    unwatch();
    await metricsApp?.close();
    await tracing?.shutdown();
    process.exit(0);
  });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
