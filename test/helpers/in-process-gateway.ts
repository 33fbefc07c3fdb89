import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Tracer } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { resolveAuthConfig } from '../../common/auth/auth-config';
import { createTokenVerifier } from '../../common/auth/token-verifier';
import { resolveGatewayProofKey } from '../../common/gateway-proof/gateway-proof-config';
import { buildGateway, type GatewayApp } from '../../gateway/app';
import { resolveGatewayConfig } from '../../gateway/config';
import { loadPolicies, type Policies } from '../../policies/load-policies';
import { applyPurposeRule } from '../../policies/purpose-rule';
import { SUPERGRAPH_PATH } from '../../schema/paths';
import { buildApp } from '../../subgraphs/build-app';
import { AGENCY_NAMES, type AgencyName } from '../../subgraphs/shared/agency';
import { createGatewayProofVerifier } from '../../subgraphs/shared/gateway-proof-verifier';
import { createGatewayReader, type GatewayReader } from '../../subgraphs/shared/commands/gateway-reader';
import { createFactSeal } from '../../subgraphs/shared/credit-facts/fact-seal';

export interface InProcessGateway {
  /** The gateway's origin, e.g. http://127.0.0.1:41234 (the GraphQL endpoint is `${origin}/graphql`). */
  readonly origin: string;
  readonly gatewayUrl: string;
  readonly gateway: GatewayApp;
  readonly subgraphUrls: ReadonlyMap<AgencyName, string>;
  /** The subgraph apps, by agency (a test may close one to make it fail). */
  readonly subgraphs: ReadonlyMap<AgencyName, FastifyInstance>;
  /** GATEWAY_PROOF_KEY (hex) the gateway and the subgraphs share. */
  readonly proofKeyHex: string;
  readonly auditFile: string;
  close(): Promise<void>;
}

export interface InProcessOptions {
  readonly policies?: Policies;
  /** Receives the gateway's log lines (JSON), at info and above. */
  readonly log?: (line: Record<string, unknown>) => void;
  readonly gatewayTracer?: Tracer;
  readonly subgraphTracer?: Tracer;
  readonly gatewayRegistry?: Registry;
  readonly subgraphRegistries?: ReadonlyMap<string, Registry>;
  /** The subgraphs' clock for commands (when a record says it happened); real time by default. */
  readonly now?: () => Date;
  /** Each agency's PostgreSQL database (a test's `TestStores`); absent: the SQLite files in `dataDir`. */
  readonly databaseUrl?: (agency: AgencyName) => string | null;
  /**
   * The subgraphs' service token (SERVICE_TOKEN_FILE): with it they read other agencies' data
   * through this gateway, as in production (a closure checks finance's prepaid fees); without it
   * they have no gateway to read through.
   */
  readonly serviceTokenFile?: string;
}

/**
 * The five real subgraphs over `dataDir` and the real gateway in front of them, built with the
 * functions production uses and listening on free loopback ports: real HTTP, real tokens (`env`
 * carries AUTH_*), real gateway proofs (a fresh shared key), a real audit log. `env` is the
 * environment both would be started with (AUTH_*, gateway options).
 */
export async function startInProcessGateway(dataDir: string, env: NodeJS.ProcessEnv = {}, options: InProcessOptions = {}): Promise<InProcessGateway> {
  const policies = options.policies ?? loadPolicies();
  const proofKeyHex = randomBytes(32).toString('hex');
  const auditDir = join(dataDir, `audit-${randomBytes(4).toString('hex')}`);
  const shared: NodeJS.ProcessEnv = { GATEWAY_PROOF_KEY: proofKeyHex, AUDIT_DIR: auditDir, ...env };
  const tokenVerifier = createTokenVerifier(resolveAuthConfig(shared), { refine: (p) => applyPurposeRule(p, policies) });
  const proofKey = resolveGatewayProofKey(shared)!;
  // The credit facts travel sealed between the subgraphs under a key they share (CREDIT_FACTS_KEY_FILE).
  const factSeal = createFactSeal([{ kid: 'test', key: randomBytes(32) }]);
  // The subgraphs are built before the gateway listens: the reader learns its URL when first used.
  let origin: string | null = null;
  const serviceTokenFile = options.serviceTokenFile;
  const serviceReader: GatewayReader | null = serviceTokenFile
    ? { read: (query, variables, purpose) => createGatewayReader({ url: `${origin}/graphql`, tokenFile: serviceTokenFile, serviceName: 'gateway' }).read(query, variables, purpose) }
    : null;
  const environment = { ...(options.now ? { now: options.now } : {}), ...(serviceReader ? { gateway: serviceReader } : {}) };
  const subgraphs = AGENCY_NAMES.map((agency) => buildApp({
    agency,
    dataDir,
    databaseUrl: options.databaseUrl?.(agency) ?? null,
    tokenVerifier,
    gatewayProof: createGatewayProofVerifier(proofKey),
    tracer: options.subgraphTracer,
    metricsRegistry: options.subgraphRegistries?.get(agency),
    factSeal,
    environment,
  }));
  let gateway: GatewayApp | undefined;
  try {
    const urls = await Promise.all(subgraphs.map((app) => app.listen({ port: 0, host: '127.0.0.1' })));
    const subgraphUrls = new Map(AGENCY_NAMES.map((name, i) => [name, `${urls[i]}/graphql`] as const));
    const config = resolveGatewayConfig(
      { ...shared, SUBGRAPH_URLS: [...subgraphUrls].map(([name, url]) => `${name}=${url}`).join(',') },
      { supergraphPath: SUPERGRAPH_PATH },
    );
    const logger = options.log
      ? { level: 'info', stream: { write: (line: string) => options.log!(JSON.parse(line) as Record<string, unknown>) } }
      : false;
    gateway = await buildGateway({
      config,
      supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
      policies,
      logger,
      tracer: options.gatewayTracer,
      metricsRegistry: options.gatewayRegistry,
    });
    origin = await gateway.listen({ port: 0, host: '127.0.0.1' });
    const running = gateway;
    return {
      origin,
      gatewayUrl: `${origin}/graphql`,
      gateway: running,
      subgraphUrls,
      subgraphs: new Map(AGENCY_NAMES.map((name, i) => [name, subgraphs[i] as FastifyInstance])),
      proofKeyHex,
      auditFile: join(config.audit.dir, 'audit.sqlite'),
      close: async () => {
        await running.close();
        await Promise.all(subgraphs.map((app) => app.close()));
        await removeAuditDir(config.audit.dir);
      },
    };
  } catch (error) {
    await gateway?.close();
    await Promise.all(subgraphs.map((app) => app.close()));
    throw error;
  }
}

/** The audit worker may still be rewriting its head anchor for a moment after the store closes. */
async function removeAuditDir(dir: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      rmSync(dir, { recursive: true, force: true });
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
