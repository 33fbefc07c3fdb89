import { readFileSync } from 'node:fs';
import { resolveAuthConfig } from '../common/auth/auth-config';
import { createTokenVerifier } from '../common/auth/token-verifier';
import { loadPolicies } from '../policies/load-policies';
import { applyPurposeRule } from '../policies/purpose-rule';
import { ConfigError, runMain } from '../common/config-error';
import { buildMetricsApp, registerMetricsRoute, renderRegistry } from '../common/telemetry/metrics-endpoint';
import { createMetricsRegistry } from '../common/telemetry/metrics-registry';
import { metricsEnabled } from '../common/telemetry/telemetry-config';
import { startTracing } from '../common/telemetry/tracing';
import { buildApp } from './build-app';
import { resolveSubgraphConfig } from './config';
import { createGatewayReader } from './shared/commands/gateway-reader';
import { loadPersonalDataCipher } from './shared/commands/personal-data-cipher';
import { createDeadlines, loadCalendar } from './shared/commands/working-days';
import { loadFactSeal } from './shared/credit-facts/fact-seal';
import { createGatewayProofVerifier } from './shared/gateway-proof-verifier';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

runMain(async () => {
  const config = resolveSubgraphConfig(process.argv[2] ?? '', process.env);
  const policies = loadPolicies();
  const tokenVerifier = createTokenVerifier(resolveAuthConfig(process.env), { refine: (p) => applyPurposeRule(p, policies) });
  let supergraphSdl: string;
  try {
    supergraphSdl = readFileSync(config.supergraphPath, 'utf8');
  } catch (error) {
    throw new ConfigError('SUPERGRAPH_PATH', 'a readable supergraph file', `${config.supergraphPath} (${(error as Error).message})`);
  }
  const { telemetry } = config;
  const metricsRegistry = metricsEnabled(telemetry) ? createMetricsRegistry({ subgraph_name: config.agency }) : undefined;
  const tracing = await startTracing(telemetry.tracing);
  const app = buildApp({
    agency: config.agency,
    dataDir: config.dataDir,
    tokenVerifier,
    // Deny by default: data requests only from the gateway, proven with the shared key.
    gatewayProof: createGatewayProofVerifier(config.gatewayProof),
    // The composed supergraph's requirements, the ones the gateway enforces.
    supergraphSdl,
    logger: process.env.LOG_LEVEL !== 'silent',
    metricsRegistry,
    tracer: tracing?.tracer,
    factSeal: loadFactSeal(config.creditFactsKeyFile),
    environment: {
      deadlines: createDeadlines(loadCalendar(config.calendarFile ?? undefined)),
      personalData: config.personalDataKeyFile ? loadPersonalDataCipher(config.personalDataKeyFile) : null,
      gateway: config.serviceGatewayUrl && config.serviceTokenFile
        ? createGatewayReader({ url: config.serviceGatewayUrl, tokenFile: config.serviceTokenFile, serviceName: 'gateway' })
        : null,
    },
  });
  if (metricsRegistry && telemetry.metrics.onPublicListener) registerMetricsRoute(app, renderRegistry(metricsRegistry));
  // The metrics listener first, so its address is printed before the line the stack waits for.
  const metricsApp = metricsRegistry && telemetry.metrics.port !== null ? buildMetricsApp(renderRegistry(metricsRegistry)) : null;
  if (metricsApp) {
    const metricsAddress = await metricsApp.listen({ host: telemetry.metrics.host, port: telemetry.metrics.port ?? 0 });
    process.stdout.write(`subgraph ${config.agency} metrics at ${metricsAddress}/metrics\n`);
  }
  const address = await app.listen({ host: config.host, port: config.port });
  process.stdout.write(`subgraph ${config.agency} listening on ${address}/graphql (data ${config.dataDir})\n`);
  const stop = () => void app.close().then(async () => {
    await metricsApp?.close();
    await tracing?.shutdown();
    process.exit(0);
  });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
