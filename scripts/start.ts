import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveAuthConfig } from '../common/auth/auth-config';
import { ConfigError, parsePositiveInt, runMain } from '../common/config-error';
import { resolveGatewayConfig } from '../gateway/config';
import { SUPERGRAPH_PATH } from '../schema/paths';
import { AGENCIES } from '../subgraphs/agencies';
import { DEFAULT_DATA_DIR, DEFAULT_INSTITUTIONS, DEFAULT_SEED } from '../subgraphs/shared/seed/defaults';
import { readSeedManifest, seedDataDir } from '../subgraphs/shared/seed/seed-data-dir';
import { generateInstitutions } from '../subgraphs/shared/seed/seed-institutions';
import { DEV_ENGINE_TOKEN_FILE, DEV_SERVICE_TOKEN_FILE, devAuthEnv, ensureDevKeys, keepDevEngineTokenFresh, keepDevServiceTokenFresh, operatorConfiguredAuth } from './dev-keys';
import { startStack } from './stack';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

runMain(async () => {
  const started = Date.now();
  const dataDir = resolve(process.env.DATA_DIR || DEFAULT_DATA_DIR);
  let gatewaysArg: string | undefined;
  try {
    gatewaysArg = parseArgs({ options: { gateways: { type: 'string' } } }).values.gateways;
  } catch (error) {
    throw new ConfigError('arguments', "nothing, or '--gateways N'", (error as Error).message);
  }
  const gateways = parsePositiveInt('--gateways', gatewaysArg, 1, 64);
  // Fail on a bad AUTH_* value, or on replicas without a shared audit log, here, before six processes do.
  resolveAuthConfig(process.env);
  resolveGatewayConfig({ ...process.env, GATEWAY_WORKERS: String(gateways) }, { supergraphPath: SUPERGRAPH_PATH });
  const devKeys = operatorConfiguredAuth(process.env) ? null : await ensureDevKeys();
  const authEnv = devKeys ? devAuthEnv(devKeys) : {};
  // With development keys the education subgraph gets a service token to check finance through
  // the gateway; with an operator's issuer, SERVICE_TOKEN_FILE must name one it issued.
  if (devKeys) await keepDevServiceTokenFresh(devKeys);
  const serviceTokenFile = devKeys ? DEV_SERVICE_TOKEN_FILE : process.env.SERVICE_TOKEN_FILE || undefined;
  // The risk engine's token likewise; without one (an operator's issuer and no RISK_ENGINE_TOKEN_FILE) intel does not start.
  if (devKeys) await keepDevEngineTokenFresh(devKeys);
  const engineTokenFile = devKeys ? DEV_ENGINE_TOKEN_FILE : process.env.RISK_ENGINE_TOKEN_FILE || undefined;
  if (!readSeedManifest(dataDir)) {
    process.stdout.write(`first run: seeding ${DEFAULT_INSTITUTIONS} institutions into ${dataDir} ...\n`);
    seedDataDir(AGENCIES, { dataDir, institutions: DEFAULT_INSTITUTIONS, seed: DEFAULT_SEED });
  }
  const stack = await startStack({ dataDir, ports: 'default', env: authEnv, inheritOutput: false, serviceTokenFile, gateways, engineTokenFile });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nstopping ...\n');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  for (const p of [stack.gateway, ...stack.subgraphs.values(), ...(stack.intel ? [stack.intel] : [])]) {
    p.child.once('exit', (code) => {
      if (!stopping) {
        process.stderr.write(`${p.name} exited unexpectedly (${code}); stopping everything\n`);
        void stop();
      }
    });
  }
  await waitReady(stack.gatewayUrl.replace(/\/graphql$/, '/ready'));
  const example = generateInstitutions(1, DEFAULT_SEED)[0]!.uscc;
  process.stdout.write(`
ready in ${((Date.now() - started) / 1000).toFixed(1)} s
  gateway   ${stack.gatewayUrl}   (open it in a browser for the query console)${gateways > 1 ? `\n            ${gateways} replicas sharing the port, one audit chain in PostgreSQL` : ''}
  subgraphs ${[...stack.subgraphs.values()].map((p) => `${p.name} ${p.url}`).join(', ')}
  ${stack.intel ? `intel     ${stack.intel.url}/reports/joint-conference.html?region=440000&from=2026-01-01&to=<yesterday>   (risk engine running; token of joint-conference)` : 'intel     not started (no RISK_ENGINE_TOKEN_FILE)'}
  ${authEnv.AUTH_JWKS_FILE ? 'tokens    npm run token -- --consumer <id>   (development key; see policies/consumers.json)' : 'tokens    from your configured issuer'}

example:
  curl -s ${stack.gatewayUrl} -H 'content-type: application/json' \\
    -d '{"query":"{ institution(uscc: \\"${example}\\") { name regionName filing { listStatus permitNo } registration { legalName status registeredCapitalCny } } }"}'

Ctrl-C stops everything.
`);
});

async function waitReady(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`gateway not ready after 60 s: ${url}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
