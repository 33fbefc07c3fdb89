import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { resolveAuthConfig } from '../../common/auth/auth-config';
import { createTokenVerifier } from '../../common/auth/token-verifier';
import { resolveGatewayProofKey } from '../../common/gateway-proof/gateway-proof-config';
import { buildGateway } from '../../gateway/app';
import { resolveGatewayConfig } from '../../gateway/config';
import { loadPolicies, type Policies } from '../../policies/load-policies';
import { applyPurposeRule } from '../../policies/purpose-rule';
import { SUPERGRAPH_PATH } from '../../schema/paths';
import { buildApp } from '../../subgraphs/build-app';
import { AGENCY_NAMES, type AgencyName } from '../../subgraphs/shared/agency';
import { createGatewayProofVerifier } from '../../subgraphs/shared/gateway-proof-verifier';

export interface InProcessStack {
  readonly gatewayUrl: string;
  readonly baseUrl: string;
  readonly subgraphUrls: ReadonlyMap<AgencyName, string>;
  /** GATEWAY_PROOF_KEY (hex) the gateway and the subgraphs share. */
  readonly proofKeyHex: string;
  readonly auditFile: string;
  readonly gateway: FastifyInstance;
  close(): Promise<void>;
}

/**
 * The five subgraphs and the gateway, built with the functions production uses and listening on
 * free loopback ports in this process: real HTTP between client, gateway and subgraphs, real
 * tokens (`env` carries the AUTH_* of test keys), real gateway proofs, a real audit log.
 */
export async function startInProcessStack(options: {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  policies?: Policies;
  /** Receives the gateway's log lines (JSON), at info and above. */
  log?: (line: Record<string, unknown>) => void;
}): Promise<InProcessStack> {
  const proofKeyHex = randomBytes(32).toString('hex');
  const auditDir = mkdtempSync(join(tmpdir(), 'edu-gw-audit-'));
  const env: NodeJS.ProcessEnv = { GATEWAY_PROOF_KEY: proofKeyHex, AUDIT_DIR: auditDir, ...options.env };
  const policies = options.policies ?? loadPolicies();
  const subgraphVerifier = createTokenVerifier(resolveAuthConfig(env), { refine: (p) => applyPurposeRule(p, policies) });
  const proofKey = resolveGatewayProofKey(env)!;
  const subgraphs = AGENCY_NAMES.map((agency) =>
    buildApp({ agency, dataDir: options.dataDir, tokenVerifier: subgraphVerifier, gatewayProof: createGatewayProofVerifier(proofKey) }));
  const urls = await Promise.all(subgraphs.map((app) => app.listen({ port: 0, host: '127.0.0.1' })));
  const subgraphUrls = new Map(AGENCY_NAMES.map((name, i) => [name, `${urls[i]}/graphql`] as const));
  const config = resolveGatewayConfig({
    ...env,
    SUBGRAPH_URLS: [...subgraphUrls].map(([name, url]) => `${name}=${url}`).join(','),
  }, { supergraphPath: SUPERGRAPH_PATH });
  const logger = options.log
    ? { level: 'info', stream: { write: (line: string) => options.log!(JSON.parse(line) as Record<string, unknown>) } }
    : false;
  const gateway = await buildGateway({ config, supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'), policies, logger });
  const baseUrl = await gateway.listen({ port: 0, host: '127.0.0.1' });
  return {
    gatewayUrl: `${baseUrl}/graphql`,
    baseUrl,
    subgraphUrls,
    proofKeyHex,
    auditFile: join(auditDir, 'audit.sqlite'),
    gateway,
    async close() {
      await gateway.close();
      await Promise.all(subgraphs.map((app) => app.close()));
      // The audit worker may still be rewriting its head anchor for a moment after the store closes.
      for (let attempt = 0; ; attempt += 1) {
        try {
          rmSync(auditDir, { recursive: true, force: true });
          return;
        } catch (error) {
          if (attempt >= 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    },
  };
}
