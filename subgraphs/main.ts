import { readFileSync } from 'node:fs';
import { resolveAuthConfig } from '../common/auth/auth-config';
import { createTokenVerifier } from '../common/auth/token-verifier';
import { loadPolicies } from '../policies/load-policies';
import { applyPurposeRule } from '../policies/purpose-rule';
import { ConfigError, runMain } from '../common/config-error';
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
  const app = buildApp({
    agency: config.agency,
    dataDir: config.dataDir,
    tokenVerifier,
    // Deny by default: data requests only from the gateway, proven with the shared key.
    gatewayProof: createGatewayProofVerifier(config.gatewayProof),
    proofExemptMutations: config.proofExemptMutations,
    // The composed supergraph's requirements, the ones the gateway enforces.
    supergraphSdl,
    logger: process.env.LOG_LEVEL !== 'silent',
    factSeal: loadFactSeal(config.creditFactsKeyFile),
    environment: {
      deadlines: createDeadlines(loadCalendar(config.calendarFile ?? undefined)),
      personalData: config.personalDataKeyFile ? loadPersonalDataCipher(config.personalDataKeyFile) : null,
      gateway: config.serviceGatewayUrl && config.serviceTokenFile
        ? createGatewayReader({ url: config.serviceGatewayUrl, tokenFile: config.serviceTokenFile, serviceName: 'gateway' })
        : null,
    },
  });
  if (config.proofExemptMutations) app.log.warn('GATEWAY_PROOF_EXEMPT=mutations: mutations are accepted without the gateway\'s proof, so outside its audit');
  const address = await app.listen({ host: config.host, port: config.port });
  process.stdout.write(`subgraph ${config.agency} listening on ${address}/graphql (data ${config.dataDir})\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
