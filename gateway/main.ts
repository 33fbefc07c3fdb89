import { readFileSync } from 'node:fs';
import { ConfigError, runMain } from '../common/config-error';
import { SUPERGRAPH_PATH } from '../schema/paths';
import { buildGateway } from './app';
import { resolveGatewayConfig } from './config';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

runMain(async () => {
  const config = resolveGatewayConfig(process.env, { supergraphPath: SUPERGRAPH_PATH });
  let supergraphSdl: string;
  try {
    supergraphSdl = readFileSync(config.supergraphPath, 'utf8');
  } catch (error) {
    throw new ConfigError('SUPERGRAPH_PATH', 'a readable supergraph file', `${config.supergraphPath} (${(error as Error).message})`);
  }
  const app = await buildGateway({ config, supergraphSdl, logger: process.env.LOG_LEVEL !== 'silent' });
  if (!config.audit.enabled) app.log.warn('AUDIT_ENABLED=false: data is served without an audit record; for benchmarks only');
  if (!config.authorization.enabled) app.log.warn('AUTHZ_ENABLED=false: every field is served to every caller; for benchmarks only');
  const address = await app.listen({ host: config.host, port: config.port });
  process.stdout.write(`gateway listening on ${address}/graphql\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
