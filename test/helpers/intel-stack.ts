import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildIntelService } from '../../intel/app';
import { resolveIntelConfig } from '../../intel/config';
import { loadPolicies } from '../../policies/load-policies';
import { startInProcessGateway, type InProcessGateway } from './in-process-gateway';
import type { TestKeys } from './test-keys';

export interface IntelStack {
  readonly gateway: InProcessGateway;
  readonly intel: FastifyInstance;
  /** The intel service's origin (it listens on a free loopback port). */
  readonly origin: string;
  /** A token of the given consumer with its whole grant, as its identity provider would issue it. */
  tokenOf(consumer: string, claims?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real gateway and subgraphs over `dataDir` and the intel service in front of them, as
 * production wires them: the engine reads through the gateway with its service token and sends its
 * commands there too, so both are authorized and audited like anyone's; education reads finance
 * there with its own service token when an institution closes.
 */
export async function startIntelStack(dataDir: string, keys: TestKeys, env: NodeJS.ProcessEnv = {}, options: { now?: () => Date } = {}): Promise<IntelStack> {
  const policies = loadPolicies();
  const dir = mkdtempSync(join(tmpdir(), 'edu-intel-'));
  const tokenOf = async (id: string, claims: Record<string, unknown> = {}) => {
    const consumer = policies.consumers.get(id)!;
    return keys.sign({ scope: consumer.scopes.join(' '), azp: consumer.id, sub: `${id}:user`, ...claims });
  };
  const opened: { gateway?: InProcessGateway; intel?: FastifyInstance } = {};
  const stop = async () => {
    await opened.intel?.close();
    await opened.gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Education's service account, as `npm start` gives it: closures read finance through the gateway.
    const serviceTokenFile = join(dir, 'education-exit-check.token');
    writeFileSync(serviceTokenFile, await tokenOf('education-exit-check', { sub: 'education-exit-check:service', purpose: 'EXIT_SETTLEMENT_CHECK' }));
    const gateway = opened.gateway = await startInProcessGateway(dataDir, { ...keys.env, RATE_LIMIT_REQUESTS: '100000', RATE_LIMIT_COST: '100000000', ...env }, {
      serviceTokenFile, ...(options.now ? { now: options.now } : {}),
    });
    const tokenFile = join(dir, 'engine.token');
    writeFileSync(tokenFile, await tokenOf('risk-early-warning', { sub: 'system:risk-engine', region: '000000', agency: 'joint-conference' }));
    const config = resolveIntelConfig({
      ...keys.env, INTEL_GATEWAY_URL: gateway.gatewayUrl,
      RISK_ENGINE_TOKEN_FILE: tokenFile, RISK_ENGINE_STATE_FILE: join(dir, 'state.json'),
    });
    const intel = opened.intel = buildIntelService({ config, policies });
    const origin = await intel.listen({ port: 0, host: '127.0.0.1' });
    return { gateway, intel, origin, tokenOf, close: stop };
  } catch (error) {
    // A stack that failed to start leaves nothing behind: no listener, no token files.
    await stop();
    throw error;
  }
}
