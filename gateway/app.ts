import { ApolloGateway } from '@apollo/gateway';
import type { Tracer } from '@opentelemetry/api';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { registerHttpServerMetrics } from '../common/telemetry/http-server-metrics';
import { registerMetricsRoute, renderRegistry } from '../common/telemetry/metrics-endpoint';
import { createTokenVerifier, type TokenVerifier } from '../common/auth/token-verifier';
import { loadPolicies, type Policies } from '../policies/load-policies';
import { applyPurposeRule } from '../policies/purpose-rule';
import type { GatewayConfig } from './config';
import { silentLogger } from './execute/silent-logger';
import { createOperationPipeline } from './pipeline/operation-pipeline';
import { installScalarValidation } from './execute/scalar-validation';
import { SubgraphDataSource } from './execute/subgraph-data-source';
import { registerGraphqlRoutes } from './http/graphql.routes';
import { registerHealthRoutes } from './http/health.routes';
import { registerIdeRoutes } from './http/ide.routes';
import { openAuditTrail, type AuditTrail } from './audit/open-audit-trail';
import { prepareSupergraph } from './supergraph/prepare-supergraph';
import { createGatewayMetrics, NO_GATEWAY_METRICS } from './telemetry/gateway-metrics';
import type { GatewayTelemetry } from './telemetry/gateway-telemetry';

export interface GatewayOptions {
  readonly config: GatewayConfig;
  /** The supergraph SDL to serve (main.ts reads it from `config.supergraphPath`). */
  readonly supergraphSdl: string;
  /** Injected in tests to control time; defaults to one built from `config.auth`. */
  readonly tokenVerifier?: TokenVerifier;
  /** The audit trail; defaults to the one `config.audit` describes. Injected in tests to make it fail. */
  readonly audit?: AuditTrail;
  /** Consumers, purposes and scope classes. Defaults to the committed policies/. */
  readonly policies?: Policies;
  readonly logger?: boolean;
  /** Where metrics are collected; absent, none are (main.ts makes one when METRICS_* asks for it). */
  readonly metricsRegistry?: Registry;
  /** The tracer of a registered provider (common/telemetry/tracing.ts); absent, no span is made. */
  readonly tracer?: Tracer;
}

/**
 * The gateway as a Fastify app that has never listened: the supergraph is loaded and checked
 * before this returns, so a bad supergraph stops the boot rather than the first request.
 */
export async function buildGateway(options: GatewayOptions): Promise<FastifyInstance> {
  const { config } = options;
  const policies = options.policies ?? loadPolicies();
  const registry = options.metricsRegistry ?? null;
  const telemetry: GatewayTelemetry = {
    registry,
    tracer: options.tracer ?? null,
    metrics: registry ? createGatewayMetrics(registry, new Set(policies.consumers.keys())) : NO_GATEWAY_METRICS,
  };
  const supergraph = prepareSupergraph(options.supergraphSdl);
  const subgraphUrls = new Map<string, string>();
  const dataSources: SubgraphDataSource[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph.executableSdl,
    buildService: ({ name, url }) => {
      const target = config.subgraphUrls[name] ?? url;
      if (!target) throw new Error(`subgraph '${name}' has no URL in the supergraph or SUBGRAPH_URLS`);
      subgraphUrls.set(name, target);
      const dataSource = new SubgraphDataSource(name, target, config.subgraphTimeoutMs, telemetry);
      dataSources.push(dataSource);
      return dataSource;
    },
    logger: silentLogger,
  });
  const { schema, executor } = await gateway.load().catch((error: Error) => {
    throw Object.assign(new Error(`the supergraph cannot be served: ${error.message}`), { code: 'ERR_SUPERGRAPH_INVALID' });
  });
  installScalarValidation(schema);

  const audit = options.audit ?? (config.audit.enabled ? await openAuditTrail(config.audit) : null);
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: config.maxQueryBytes * 2 + 65536 });
  const pipeline = createOperationPipeline({
    schema,
    executor,
    supergraph,
    config,
    tokenVerifier: options.tokenVerifier ?? createTokenVerifier(config.auth, { refine: (p) => applyPurposeRule(p, policies) }),
    log: app.log,
    audit: audit?.log ?? null,
    clientHashKey: audit?.clientHashKey ?? '',
    telemetry,
  });
  if (registry) {
    registerHttpServerMetrics(app, registry);
    if (audit?.queueDepth) telemetry.metrics.watchAuditQueue(audit.queueDepth);
    // Off the public listener unless the operator says otherwise; main.ts serves it on METRICS_PORT.
    if (config.telemetry.metrics.onPublicListener) registerMetricsRoute(app, renderRegistry(registry));
  }
  registerGraphqlRoutes(app, pipeline, registerIdeRoutes(app), telemetry);
  registerHealthRoutes(app, subgraphUrls, config.subgraphTimeoutMs);
  app.addHook('onClose', async () => {
    await gateway.stop();
    for (const dataSource of dataSources) dataSource.close();
    await audit?.close();
  });
  return app;
}

