import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SUPERGRAPH_PATH } from '../schema/paths';
import { resolveAuthConfig } from '../common/auth/auth-config';
import { createTokenVerifier } from '../common/auth/token-verifier';
import { resolveGatewayProofKey } from '../common/gateway-proof/gateway-proof-config';
import { loadPolicies } from '../policies/load-policies';
import { applyPurposeRule } from '../policies/purpose-rule';
import { ConfigError, parseHost, parsePort, runMain } from '../common/config-error';
import { buildApp } from './build-app';
import { AGENCY_NAMES, isAgencyName } from './shared/agency';
import { DEFAULT_DATA_DIR } from './shared/seed/defaults';
import { createGatewayProofVerifier } from './shared/gateway-proof-verifier';
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
  // Deny by default: a subgraph answers data requests only from the gateway, so it needs the key.
  const proofKey = resolveGatewayProofKey(process.env);
  if (!proofKey) throw new ConfigError('GATEWAY_PROOF_KEY', 'set (or GATEWAY_PROOF_KEY_FILE): the key the gateway proves its requests with', null);
  const gatewayProof = createGatewayProofVerifier(proofKey);
  // The subgraph enforces the composed supergraph's requirements: the one the gateway serves.
  const supergraphPath = process.env.SUPERGRAPH_PATH || SUPERGRAPH_PATH;
  let supergraphSdl: string;
  try {
    supergraphSdl = readFileSync(supergraphPath, 'utf8');
  } catch (error) {
    throw new ConfigError('SUPERGRAPH_PATH', 'a readable supergraph file', `${supergraphPath} (${(error as Error).message})`);
  }
  const app = buildApp({ agency: name, dataDir, tokenVerifier, gatewayProof, supergraphSdl, logger: process.env.LOG_LEVEL !== 'silent' });
  const address = await app.listen({ host, port });
  process.stdout.write(`subgraph ${name} listening on ${address}/graphql (data ${dataDir})\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
