import { readFileSync } from 'node:fs';
import type { Tracer } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { resolveAuthConfig } from '../../common/auth/auth-config';
import { createTokenVerifier } from '../../common/auth/token-verifier';
import { buildGateway, type GatewayApp } from '../../gateway/app';
import { resolveGatewayConfig } from '../../gateway/config';
import { loadPolicies } from '../../policies/load-policies';
import { applyPurposeRule } from '../../policies/purpose-rule';
import { SUPERGRAPH_PATH } from '../../schema/paths';
import { buildApp } from '../../subgraphs/build-app';
import { AGENCY_NAMES } from '../../subgraphs/shared/agency';

export interface InProcessGateway {
  /** The gateway's origin, e.g. http://127.0.0.1:41234 (the GraphQL endpoint is `${origin}/graphql`). */
  readonly origin: string;
  readonly gateway: GatewayApp;
  /** The subgraph apps, by agency (a test may close one to make it fail). */
  readonly subgraphs: ReadonlyMap<string, FastifyInstance>;
  close(): Promise<void>;
}

export interface InProcessTelemetry {
  readonly gatewayTracer?: Tracer;
  readonly subgraphTracer?: Tracer;
  readonly gatewayRegistry?: Registry;
  readonly subgraphRegistries?: ReadonlyMap<string, Registry>;
}

/**
 * The five real subgraphs over `dataDir` and the real gateway in front of them, built with the
 * functions production uses and listening on free loopback ports. `env` is the environment both
 * would be started with (AUTH_*, gateway options).
 */
export async function startInProcessGateway(dataDir: string, env: NodeJS.ProcessEnv = {}, telemetry: InProcessTelemetry = {}): Promise<InProcessGateway> {
  const policies = loadPolicies();
  const tokenVerifier = createTokenVerifier(resolveAuthConfig(env), { refine: (p) => applyPurposeRule(p, policies) });
  const subgraphs = AGENCY_NAMES.map((agency) =>
    buildApp({ agency, dataDir, tokenVerifier, tracer: telemetry.subgraphTracer, metricsRegistry: telemetry.subgraphRegistries?.get(agency) }));
  let gateway: GatewayApp | undefined;
  try {
    const urls = await Promise.all(subgraphs.map((app) => app.listen({ port: 0, host: '127.0.0.1' })));
    const config = resolveGatewayConfig(
      { AUDIT_DIR: `${dataDir}/audit`, ...env, SUBGRAPH_URLS: AGENCY_NAMES.map((name, i) => `${name}=${urls[i]}/graphql`).join(',') },
      { supergraphPath: SUPERGRAPH_PATH },
    );
    gateway = await buildGateway({
      config,
      supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
      policies,
      tracer: telemetry.gatewayTracer,
      metricsRegistry: telemetry.gatewayRegistry,
    });
    const origin = await gateway.listen({ port: 0, host: '127.0.0.1' });
    const running = gateway;
    return {
      origin,
      gateway: running,
      subgraphs: new Map(AGENCY_NAMES.map((name, i) => [name, subgraphs[i] as FastifyInstance])),
      close: async () => {
        await running.close();
        await Promise.all(subgraphs.map((app) => app.close()));
      },
    };
  } catch (error) {
    await gateway?.close();
    await Promise.all(subgraphs.map((app) => app.close()));
    throw error;
  }
}
