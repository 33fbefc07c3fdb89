import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { resolveAuthConfig } from '../../common/auth/auth-config';
import { createTokenVerifier } from '../../common/auth/token-verifier';
import { buildGateway } from '../../gateway/app';
import { resolveGatewayConfig } from '../../gateway/config';
import { loadPolicies } from '../../policies/load-policies';
import { applyPurposeRule } from '../../policies/purpose-rule';
import { SUPERGRAPH_PATH } from '../../schema/paths';
import { buildApp } from '../../subgraphs/build-app';
import { AGENCY_NAMES } from '../../subgraphs/shared/agency';
import { createFactSeal } from '../../subgraphs/shared/credit-facts/fact-seal';
import { randomBytes } from 'node:crypto';

export interface InProcessGateway {
  /** The gateway's origin, e.g. http://127.0.0.1:41234 (the GraphQL endpoint is `${origin}/graphql`). */
  readonly origin: string;
  readonly gateway: FastifyInstance;
  /** Each subgraph's GraphQL endpoint, for tests that go round the gateway on purpose. */
  readonly subgraphUrls: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/**
 * The five real subgraphs over `dataDir` and the real gateway in front of them, built with the
 * functions production uses and listening on free loopback ports. `env` is the environment both
 * would be started with (AUTH_*, gateway options).
 */
export async function startInProcessGateway(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<InProcessGateway> {
  const policies = loadPolicies();
  const tokenVerifier = createTokenVerifier(resolveAuthConfig(env), { refine: (p) => applyPurposeRule(p, policies) });
  // The credit facts travel sealed between the subgraphs under a key they share (CREDIT_FACTS_KEY_FILE).
  const factSeal = createFactSeal([{ kid: 'test', key: randomBytes(32) }]);
  const subgraphs = AGENCY_NAMES.map((agency) => buildApp({ agency, dataDir, tokenVerifier, factSeal }));
  let gateway: FastifyInstance | undefined;
  try {
    const urls = await Promise.all(subgraphs.map((app) => app.listen({ port: 0, host: '127.0.0.1' })));
    const config = resolveGatewayConfig(
      { AUDIT_DIR: `${dataDir}/audit`, ...env, SUBGRAPH_URLS: AGENCY_NAMES.map((name, i) => `${name}=${urls[i]}/graphql`).join(',') },
      { supergraphPath: SUPERGRAPH_PATH },
    );
    gateway = await buildGateway({ config, supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'), policies });
    const origin = await gateway.listen({ port: 0, host: '127.0.0.1' });
    const running = gateway;
    return {
      origin,
      gateway: running,
      subgraphUrls: Object.fromEntries(AGENCY_NAMES.map((name, i) => [name, `${urls[i]}/graphql`])),
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
