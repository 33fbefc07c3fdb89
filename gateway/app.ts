import { randomBytes } from 'node:crypto';
import { Supergraph } from '@apollo/federation-internals';
import type { GatewayExecutor } from '@apollo/server-gateway-interface';
import type { Tracer } from '@opentelemetry/api';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { Registry } from 'prom-client';
import { registerHttpServerMetrics } from '../common/telemetry/http-server-metrics';
import { registerMetricsRoute, renderRegistry } from '../common/telemetry/metrics-endpoint';
import { createTokenVerifier, type TokenVerifier } from '../common/auth/token-verifier';
import { clientErrorHandler, installHttpErrors } from '../common/http/http-errors';
import { loadPolicies, type Policies } from '../policies/load-policies';
import { applyPurposeRule } from '../policies/purpose-rule';
import type { GatewayConfig } from './config';
import type { ApolloExecutor } from './execute/apollo-executor';
import { createOperationPipeline } from './pipeline/operation-pipeline';
import { createPlanExecutor } from './execute/plan/plan-executor';
import { installScalarValidation } from './execute/scalar-validation';
import { SubgraphDataSource } from './execute/subgraph-data-source';
import { registerGraphqlRoutes } from './http/graphql.routes';
import { createOperationGate } from './http/operation-gate';
import { drainConnections } from './http/drain-connections';
import { registerHealthRoutes, type SubgraphProbe } from './http/health.routes';
import { registerIdeRoutes } from './http/ide.routes';
import { createMemoryRateLimitStore } from './rate-limit/memory-rate-limit-store';
import { openPostgresRateLimitStore } from './rate-limit/postgres-rate-limit-store';
import type { RateLimitStore } from './rate-limit/rate-limit-store';
import { createRateLimiter, type RateLimiter } from './rate-limit/rate-limiter';
import { createCallerLimits } from './limits/caller-limits';
import { openAccessLog } from './audit/access-log';
import { AUDIT_DATABASE_FILE, openAuditTrail, type AuditTrail } from './audit/open-audit-trail';
import { join } from 'node:path';
import { registerAccessLogRoutes } from './http/access-log.routes';
import type { OperationRequest, OperationResponse } from './pipeline/operation';
import { interfaceObjectsBySubgraph } from './supergraph/interface-objects';
import { prepareSupergraph } from './supergraph/prepare-supergraph';
import { SupergraphGenerations, type Generation, type ReloadResult } from './supergraph/supergraph-generations';
import { createPolicyEvaluator, loadPolicyModule, type PolicyModule } from './authorize/policy-module';
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
  /** Decides `@policy` policies; defaults to the module `config.authorization.policyModule` names, if any. */
  readonly policyModule?: PolicyModule;
  /** The rate limiter's counters. Defaults to this process's memory; replicas share a database store. */
  readonly rateLimitStore?: RateLimitStore;
  /** Fastify's logger: on, off, or its options (tests pass a stream to read what was logged). */
  readonly logger?: FastifyServerOptions['logger'];
  /** Where metrics are collected; absent, none are (main.ts makes one when METRICS_* asks for it). */
  readonly metricsRegistry?: Registry;
  /** The tracer of a registered provider (common/telemetry/tracing.ts); absent, no span is made. */
  readonly tracer?: Tracer;
}

type Pipeline = (request: OperationRequest) => Promise<OperationResponse>;

export type GatewayApp = FastifyInstance & {
  /**
   * Serves `sdl` from now on if it can be served; otherwise keeps the current supergraph and says
   * why. Requests already running finish on the supergraph they started with.
   */
  reloadSupergraph(sdl: string): Promise<ReloadResult>;
  /**
   * A clean stop, for main.ts to call on SIGTERM: /ready answers 503 at once while requests are
   * still served for `config.shutdownDelayMs` (a load balancer takes the replica out) and until
   * `replaced` settles (a cluster worker's replacement listens); then the listener stops accepting,
   * every connection ends after its next answer (each carries `Connection: close`) or by its
   * keep-alive timeout, within SHUTDOWN_DRAIN_TIMEOUT_MS; then the audit log commits what is
   * queued and re-signs its head anchor.
   */
  shutdown(replaced?: Promise<void>): Promise<void>;
};

/**
 * The gateway as a Fastify app that has never listened: the supergraph is loaded and checked
 * before this returns, so a bad supergraph stops the boot rather than the first request.
 */
export async function buildGateway(options: GatewayOptions): Promise<GatewayApp> {
  const { config } = options;
  const policies = options.policies ?? loadPolicies();
  const registry = options.metricsRegistry ?? null;
  const telemetry: GatewayTelemetry = {
    registry,
    tracer: options.tracer ?? null,
    metrics: registry ? createGatewayMetrics(registry, new Set(policies.consumers.keys())) : NO_GATEWAY_METRICS,
  };
  const policyModule = options.policyModule ?? (config.authorization.policyModule ? loadPolicyModule(config.authorization.policyModule) : null);
  const tokenVerifier = options.tokenVerifier ?? createTokenVerifier(config.auth, { refine: (p) => applyPurposeRule(p, policies) });
  // return503OnClosing off: a request that reaches a closing gateway on a kept-alive connection is
  // answered (with Connection: close), not refused.
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: config.maxQueryBytes * 2 + 65536, clientErrorHandler, return503OnClosing: false });
  installHttpErrors(app);
  const rateLimitStore = options.rateLimitStore
    ?? (config.rateLimit.enabled && config.rateLimit.databaseUrl ? await openPostgresRateLimitStore(config.rateLimit.databaseUrl) : createMemoryRateLimitStore());
  // Subgraph connections outlive a supergraph reload: one data source per subgraph name and URL.
  const dataSources = new Map<string, SubgraphDataSource>();
  const probes = new Map<string, SubgraphProbe>();
  /** The data sources (by `name url interface-objects`) of the supergraph being served. */
  const served = new Set<string>();
  let audit: AuditTrail | null = null;
  let clientHashKey = '';
  const limitsFor = createCallerLimits(config.limits.defaults, policies.consumers);
  let rateLimiter: RateLimiter | null = null;

  const build = async (sdl: string): Promise<Generation<Pipeline>> => {
    const supergraph = prepareSupergraph(sdl, policyModule);
    // A reload builds beside the served generation: between its steps (each 50-300 ms of CPU),
    // requests in flight get the loop back instead of waiting for the whole build.
    await yieldToRequests();
    const interfaceObjects = interfaceObjectsBySubgraph(supergraph.executableSdl);
    const used = new Map<string, SubgraphDataSource>();
    const dataSourceFor = (name: string, url: string | undefined): SubgraphDataSource => {
      const target = config.subgraphUrls[name] ?? url;
      if (!target) throw new Error(`subgraph '${name}' has no URL in the supergraph or SUBGRAPH_URLS`);
      const objects = interfaceObjects.get(name);
      const key = `${name} ${target} ${[...(objects ?? [])].sort().join(',')}`;
      let dataSource = dataSources.get(key);
      if (!dataSource) {
        dataSource = new SubgraphDataSource(name, target, config.subgraphTimeoutMs, telemetry, config.gatewayProof?.key ?? null, objects);
        dataSources.set(key, dataSource);
      }
      used.set(key, dataSource);
      return dataSource;
    };
    let federation: Supergraph;
    let schema: GraphQLSchema;
    try {
      federation = Supergraph.build(supergraph.executableSdl);
      await yieldToRequests();
      schema = federation.apiSchema().toGraphQLJSSchema();
      for (const { name, url } of federation.subgraphsMetadata()) dataSourceFor(name, url);
    } catch (error) {
      throw Object.assign(new Error(`the supergraph cannot be served: ${(error as Error).message}`), { code: 'ERR_SUPERGRAPH_INVALID' });
    }
    installScalarValidation(schema);
    await yieldToRequests();
    // @apollo/gateway's executor, loaded by the first operation that needs it (see apollo-executor.ts).
    let apollo: Promise<ApolloExecutor> | null = null;
    const loadApollo = (): Promise<ApolloExecutor> => (apollo ??= import('./execute/apollo-executor').then(async ({ loadApolloExecutor }) => {
      const loaded = await loadApolloExecutor(supergraph.executableSdl, dataSourceFor);
      installScalarValidation(loaded.schema);
      return loaded;
    }).catch((error: unknown) => {
      apollo = null;
      throw error;
    }));
    // Every operation needs it under EXECUTOR=apollo: loaded with the rest, not by the first request,
    // whose answer would wait the ~0.6 s the import blocks the event loop.
    if (config.executor === 'apollo') await loadApollo();
    const executor: GatewayExecutor = async (requestContext) => (await loadApollo()).executor(requestContext);
    const planExecutor = config.executor === 'own'
      ? createPlanExecutor(federation, schema, new Map([...used.values()].map((d) => [d.subgraphName, d])), telemetry)
      : null;
    await yieldToRequests();
    const serve = createOperationPipeline({
      schema,
      executor,
      planExecutor,
      supergraph,
      config,
      tokenVerifier,
      policies: policyModule
        ? createPolicyEvaluator(policyModule, (policy, error) => app.log.error({ policy, err: error }, 'policy decision failed; denied'))
        : null,
      log: app.log,
      audit: audit?.log ?? null,
      clientHashKey,
      consumers: policies.consumers,
      limitsFor,
      rateLimiter,
      telemetry,
    });
    return {
      serve,
      // In the same turn as the pipeline, so /ready probes the subgraphs requests use.
      activate: () => {
        probes.clear();
        served.clear();
        for (const [key, dataSource] of used) {
          probes.set(dataSource.subgraphName, (timeoutMs) => dataSource.probe(timeoutMs));
          served.add(key);
        }
      },
      retire: async () => {
        if (apollo) await apollo.then((loaded) => loaded.stop(), () => undefined);
        // Connections to a subgraph the current supergraph no longer names (or names at another URL).
        for (const [key, dataSource] of dataSources) {
          if (served.has(key)) continue;
          dataSource.close();
          dataSources.delete(key);
        }
      },
    };
  };

  audit = options.audit ?? (config.audit.enabled ? await openAuditTrail(config.audit) : null);
  // Without an audit trail (benchmarks) anonymous callers are still counted by a keyed hash.
  clientHashKey = audit?.clientHashKey ?? randomBytes(32).toString('hex');
  // One limiter for every supergraph generation and for the access log: one budget per caller.
  rateLimiter = config.rateLimit.enabled ? createRateLimiter(rateLimitStore, { windowS: config.rateLimit.windowS, clientHashKey, consumers: policies.consumers }) : null;
  const generations = await SupergraphGenerations.start(options.supergraphSdl, build).catch(async (error: unknown) => {
    await audit?.close();
    throw error;
  });
  if (registry) {
    registerHttpServerMetrics(app, registry);
    if (audit?.queueDepth) telemetry.metrics.watchAuditQueue(audit.queueDepth);
    // Off the public listener unless the operator says otherwise; main.ts serves it on METRICS_PORT.
    if (config.telemetry.metrics.onPublicListener) registerMetricsRoute(app, renderRegistry(registry));
  }
  // Outside the generations: a waiting operation runs on the supergraph served when its turn comes.
  const gate = createOperationGate({ concurrency: config.operationConcurrency });
  telemetry.metrics.watchOperationGate(() => gate.state);
  registerGraphqlRoutes(app, (request) => gate.run(() => generations.run((pipeline) => pipeline(request))), registerIdeRoutes(app), telemetry);
  let draining = false;
  // onSend, not onRequest: a request that began before the signal must also close its connection,
  // or the socket idles on until keepAliveTimeout and holds the shutdown up.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });
  registerHealthRoutes(app, probes, config.subgraphTimeoutMs, () => draining);
  // Institutions read who accessed their data from the audit log (no audit, no access log).
  const accessLog = audit
    ? openAccessLog(config.audit.databaseUrl ? { kind: 'postgres', url: config.audit.databaseUrl } : { kind: 'sqlite', file: join(config.audit.dir, AUDIT_DATABASE_FILE) })
    : null;
  if (audit && accessLog) registerAccessLogRoutes(app, { tokenVerifier, policies, reader: accessLog, audit: audit.log, clientHashKey, rateLimit: rateLimiter && { limiter: rateLimiter, limitsFor }, metrics: telemetry.metrics });
  app.addHook('onClose', async () => {
    gate.close();
    await accessLog?.close();
    await generations.close();
    for (const dataSource of dataSources.values()) dataSource.close();
    await rateLimitStore.close();
    await audit?.close();
  });

  const reloadSupergraph = async (sdl: string): Promise<ReloadResult> => {
    const result = await generations.reload(sdl);
    if (result.outcome === 'loaded') app.log.info({ sha256: result.sha256 }, 'supergraph reloaded');
    if (result.outcome === 'refused') app.log.error({ sha256: result.sha256, reason: result.reason, serving: generations.sha256 }, 'new supergraph refused; the previous one is still served');
    if (result.outcome !== 'unchanged') telemetry.metrics.supergraphReload(result.outcome);
    return result;
  };
  let stopped: Promise<void> | null = null;
  const shutdown = (replaced: Promise<void> = Promise.resolve()): Promise<void> => {
    draining = true;
    const delay = new Promise<void>((resolve) => setTimeout(resolve, config.shutdownDelayMs));
    stopped ??= Promise.all([delay, replaced]).then(async () => {
      await drainConnections(app.server, config.shutdownDrainTimeoutMs);
      await app.close();
    });
    return stopped;
  };
  const plain: FastifyInstance = app;
  return Object.assign(plain, { reloadSupergraph, shutdown });
}

/** After the I/O callbacks of this turn: requests waiting on the loop run before the next step. */
function yieldToRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
