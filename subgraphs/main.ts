import { resolve } from 'node:path';
import { resolveAuthConfig } from '../common/auth/auth-config';
import { createTokenVerifier } from '../common/auth/token-verifier';
import { loadPolicies } from '../policies/load-policies';
import { applyPurposeRule } from '../policies/purpose-rule';
import { ConfigError, parseHost, parsePort, runMain } from '../common/config-error';
import { buildMetricsApp, registerMetricsRoute, renderRegistry } from '../common/telemetry/metrics-endpoint';
import { createMetricsRegistry } from '../common/telemetry/metrics-registry';
import { metricsEnabled, resolveTelemetryConfig } from '../common/telemetry/telemetry-config';
import { startTracing } from '../common/telemetry/tracing';
import { buildApp } from './build-app';
import { AGENCY_NAMES, isAgencyName } from './shared/agency';
import { DEFAULT_DATA_DIR } from './shared/seed/defaults';
import { DEFAULT_SUBGRAPH_PORTS } from './shared/ports';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

runMain(async () => {
  const name = process.argv[2] ?? '';
  if (!isAgencyName(name)) throw new ConfigError('subgraph name (first argument)', `one of ${AGENCY_NAMES.join(', ')}`, name);
  const port = parsePort('PORT', process.env.PORT, DEFAULT_SUBGRAPH_PORTS[name]);
  const host = parseHost('HOST', process.env.HOST, '127.0.0.1');
  const dataDir = resolve(process.env.DATA_DIR || DEFAULT_DATA_DIR);
  const policies = loadPolicies();
  const tokenVerifier = createTokenVerifier(resolveAuthConfig(process.env), { refine: (p) => applyPurposeRule(p, policies) });
  const telemetry = resolveTelemetryConfig(process.env, `edu-subgraph-${name}`);
  const metricsRegistry = metricsEnabled(telemetry) ? createMetricsRegistry({ subgraph_name: name }) : undefined;
  const tracing = await startTracing(telemetry.tracing);
  const app = buildApp({ agency: name, dataDir, tokenVerifier, logger: process.env.LOG_LEVEL !== 'silent', metricsRegistry, tracer: tracing?.tracer });
  if (metricsRegistry && telemetry.metrics.onPublicListener) registerMetricsRoute(app, renderRegistry(metricsRegistry));
  const address = await app.listen({ host, port });
  process.stdout.write(`subgraph ${name} listening on ${address}/graphql (data ${dataDir})\n`);
  const metricsApp = metricsRegistry && telemetry.metrics.port !== null ? buildMetricsApp(renderRegistry(metricsRegistry)) : null;
  if (metricsApp) {
    const metricsAddress = await metricsApp.listen({ host: telemetry.metrics.host, port: telemetry.metrics.port ?? 0 });
    process.stdout.write(`subgraph ${name} metrics at ${metricsAddress}/metrics\n`);
  }
  const stop = () => void app.close().then(async () => {
    await metricsApp?.close();
    await tracing?.shutdown();
    process.exit(0);
  });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
