import cluster, { type Worker } from 'node:cluster';
import { readFileSync } from 'node:fs';
import { ConfigError, runMain } from '../common/config-error';
import { SUPERGRAPH_PATH } from '../schema/paths';
import { buildGateway } from './app';
import { ensureAuditDir } from './audit/open-audit-trail';
import { resolveGatewayConfig, type GatewayConfig } from './config';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

runMain(async () => {
  const config = resolveGatewayConfig(process.env, { supergraphPath: SUPERGRAPH_PATH });
  if (config.workers > 1 && cluster.isPrimary) return supervise(config);
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
  // A cluster worker's address is the primary's to announce.
  if (cluster.isPrimary) process.stdout.write(`gateway listening on ${address}/graphql\n`);
  const stop = () => void app.shutdown().then(() => process.exit(0), (error: unknown) => {
    process.stderr.write(`gateway did not stop cleanly: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});

/**
 * GATEWAY_WORKERS > 1: this process only supervises. The workers (node:cluster) share the port,
 * the primary handing each new connection to the next; each is a whole gateway with its own audit
 * worker, all appending to one chain in PostgreSQL. A worker that dies is replaced; a signal stops
 * them all, each draining as a single gateway would.
 */
async function supervise(config: GatewayConfig): Promise<void> {
  // Made once here, so the workers do not race to create different keys.
  if (config.audit.enabled) ensureAuditDir(config.audit);
  let stopping = false;
  let announced = false;
  let exitCode = 0;
  const listening = new Set<Worker>();
  const fork = () => {
    const worker = cluster.fork();
    worker.once('listening', (address) => {
      listening.add(worker);
      if (listening.size === config.workers && !announced) {
        announced = true;
        const host = address.address ?? config.host;
        const pids = [...listening].map((w) => w.process.pid).join(', ');
        process.stdout.write(`gateway listening on http://${host.includes(':') ? `[${host}]` : host}:${address.port}/graphql (workers: ${pids})\n`);
      }
    });
    worker.once('exit', (code, signal) => {
      const wasListening = listening.delete(worker);
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
        return;
      }
      if (!wasListening) {
        // It failed at start-up (it printed why): another would fail the same way.
        process.stderr.write(`gateway worker ${worker.process.pid} exited (${signal ?? code}) before listening; stopping\n`);
        exitCode = 1;
        stopAll();
        return;
      }
      process.stderr.write(`gateway worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`);
      fork();
    });
  };
  const stopAll = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(exitCode);
    for (const worker of workers) worker?.process.kill('SIGTERM');
  };
  process.once('SIGINT', stopAll);
  process.once('SIGTERM', stopAll);
  for (let i = 0; i < config.workers; i += 1) fork();
}
