import { randomBytes } from 'node:crypto';
import { ApolloGateway } from '@apollo/gateway';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { createTokenVerifier, type TokenVerifier } from '../common/auth/token-verifier';
import { clientErrorHandler, installHttpErrors } from '../common/http/http-errors';
import { loadPolicies, type Policies } from '../policies/load-policies';
import { applyPurposeRule } from '../policies/purpose-rule';
import type { GatewayConfig } from './config';
import { silentLogger } from './execute/silent-logger';
import { createOperationPipeline } from './pipeline/operation-pipeline';
import { createPlanExecutor } from './execute/plan/plan-executor';
import { installScalarValidation } from './execute/scalar-validation';
import { SubgraphDataSource } from './execute/subgraph-data-source';
import { registerGraphqlRoutes } from './http/graphql.routes';
import { registerHealthRoutes, type SubgraphProbe } from './http/health.routes';
import { registerIdeRoutes } from './http/ide.routes';
import { createMemoryRateLimitStore } from './rate-limit/memory-rate-limit-store';
import { openPostgresRateLimitStore } from './rate-limit/postgres-rate-limit-store';
import type { RateLimitStore } from './rate-limit/rate-limit-store';
import { openAuditTrail, type AuditTrail } from './audit/open-audit-trail';
import { interfaceObjectsBySubgraph } from './supergraph/interface-objects';
import { prepareSupergraph } from './supergraph/prepare-supergraph';
import { createPolicyEvaluator, loadPolicyModule, type PolicyModule } from './authorize/policy-module';

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
}

export type GatewayApp = FastifyInstance & {
  /**
   * A clean stop, for main.ts to call on SIGTERM: /ready answers 503 at once while requests are
   * still served for `config.shutdownDelayMs` (a load balancer takes the replica out), then the
   * listener closes, the requests in flight are answered, and the audit log commits what is queued
   * and re-signs its head anchor. Every response from the first moment on carries
   * `Connection: close`, so kept-alive clients reconnect elsewhere instead of meeting a closed socket.
   */
  shutdown(): Promise<void>;
};

/**
 * The gateway as a Fastify app that has never listened: the supergraph is loaded and checked
 * before this returns, so a bad supergraph stops the boot rather than the first request.
 */
export async function buildGateway(options: GatewayOptions): Promise<GatewayApp> {
  const { config } = options;
  const policies = options.policies ?? loadPolicies();
  const policyModule = options.policyModule ?? (config.authorization.policyModule ? loadPolicyModule(config.authorization.policyModule) : null);
  const supergraph = prepareSupergraph(options.supergraphSdl, policyModule);
  const interfaceObjects = interfaceObjectsBySubgraph(supergraph.executableSdl);
  const probes = new Map<string, SubgraphProbe>();
  const dataSources: SubgraphDataSource[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph.executableSdl,
    buildService: ({ name, url }) => {
      const target = config.subgraphUrls[name] ?? url;
      if (!target) throw new Error(`subgraph '${name}' has no URL in the supergraph or SUBGRAPH_URLS`);
      const dataSource = new SubgraphDataSource(name, target, config.subgraphTimeoutMs, config.gatewayProof?.key ?? null, interfaceObjects.get(name));
      probes.set(name, (timeoutMs) => dataSource.probe(timeoutMs));
      dataSources.push(dataSource);
      return dataSource;
    },
    logger: silentLogger,
  });
  const { schema, executor } = await gateway.load().catch((error: Error) => {
    throw Object.assign(new Error(`the supergraph cannot be served: ${error.message}`), { code: 'ERR_SUPERGRAPH_INVALID' });
  });
  installScalarValidation(schema);
  const planExecutor = config.executor === 'own'
    ? createPlanExecutor(supergraph.executableSdl, schema, new Map(dataSources.map((d) => [d.subgraphName, d])))
    : null;

  const audit = options.audit ?? (config.audit.enabled ? await openAuditTrail(config.audit) : null);
  // return503OnClosing off: a request that reaches a closing gateway on a kept-alive connection is
  // answered (with Connection: close), not refused.
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: config.maxQueryBytes * 2 + 65536, clientErrorHandler, return503OnClosing: false });
  installHttpErrors(app);
  const rateLimitStore = options.rateLimitStore
    ?? (config.rateLimit.enabled && config.rateLimit.databaseUrl ? await openPostgresRateLimitStore(config.rateLimit.databaseUrl) : createMemoryRateLimitStore());
  const pipeline = createOperationPipeline({
    schema,
    executor,
    planExecutor,
    supergraph,
    config,
    tokenVerifier: options.tokenVerifier ?? createTokenVerifier(config.auth, { refine: (p) => applyPurposeRule(p, policies) }),
    policies: policyModule
      ? createPolicyEvaluator(policyModule, (policy, error) => app.log.error({ policy, err: error }, 'policy decision failed; denied'))
      : null,
    log: app.log,
    audit: audit?.log ?? null,
    // Without an audit trail (benchmarks) anonymous callers are still counted by a keyed hash.
    clientHashKey: audit?.clientHashKey ?? randomBytes(32).toString('hex'),
    consumers: policies.consumers,
    rateLimitStore,
  });
  registerGraphqlRoutes(app, pipeline, registerIdeRoutes(app));
  let draining = false;
  // onSend, not onRequest: a request that began before the signal must also close its connection,
  // or the socket idles on until keepAliveTimeout and holds the shutdown up.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });
  registerHealthRoutes(app, probes, config.subgraphTimeoutMs, () => draining);
  app.addHook('onClose', async () => {
    await gateway.stop();
    for (const dataSource of dataSources) dataSource.close();
    await rateLimitStore.close();
    await audit?.close();
  });
  let stopped: Promise<void> | null = null;
  const shutdown = (): Promise<void> => {
    draining = true;
    stopped ??= new Promise<void>((resolve) => setTimeout(resolve, config.shutdownDelayMs)).then(async () => {
      await app.close();
    });
    return stopped;
  };
  const plain: FastifyInstance = app;
  return Object.assign(plain, { shutdown });
}

