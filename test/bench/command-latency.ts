import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { resolveAuthConfig } from '../../common/auth/auth-config';
import { createTokenVerifier } from '../../common/auth/token-verifier';
import { startStack, type Stack } from '../../scripts/stack';
import { buildApp } from '../../subgraphs/build-app';
import { seededDataDir, type SeededDataDir } from '../helpers/seeded-data-dir';
import { createTestKeys, type TestKeys } from '../helpers/test-keys';
import { percentile, processTreeCpuMs } from './support';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

export interface CommandLatency {
  readonly commands: number;
  readonly p50: number;
  readonly p99: number;
  /** CPU per command: for `direct`, client and server in one process; through the gateway, the gateway's and the education subgraph's. */
  readonly cpuMs: Record<string, number>;
  /** The 1-minute load average when the measurement started and when it ended. */
  readonly loadAverage: readonly [number, number];
}

export interface CommandLatencyResult {
  readonly direct: CommandLatency;
  /** Through the gateway as deployed: authorization and audit on. */
  readonly gateway: CommandLatency;
  /** The same with audit off, to tell what waiting for the audit record costs. */
  readonly gatewayNoAudit: CommandLatency;
  readonly seedCount: number;
}

const WARM_UP = 20;
const QUERY = 'mutation Command($input: RegulatoryTransitionInput!) { transitionRegulatoryStatus(input: $input) { state version } }';

/**
 * One command after another (one transaction each: idempotency lookup, region, level and version
 * check, update, projection, event append, stored answer): an officer suspends and resumes
 * enrolment at 100 institutions in turn, so each record's history stays as short as in real use.
 * `send` posts one command and throws on any error.
 */
async function sequentialCommands(
  targets: readonly string[], count: number, keyPrefix: string, send: (input: Record<string, unknown>) => Promise<void>,
): Promise<{ samples: number[] }> {
  const versions = new Map(targets.map((uscc) => [uscc, 3]));
  const samples: number[] = [];
  for (let i = 0; i < count + WARM_UP; i += 1) {
    const uscc = targets[i % targets.length]!;
    const version = versions.get(uscc)!;
    const command = version % 2 === 1 ? 'SUSPEND_ENROLMENT' : 'RESUME_ENROLMENT';
    const started = performance.now();
    await send({ uscc, command, expectedVersion: version, idempotencyKey: `${keyPrefix}-${process.pid}-${i}`, legalBasis: '校外培训行政处罚暂行办法 第十二条', decisionDocNo: `B-${i}` });
    if (i >= WARM_UP) samples.push(performance.now() - started);
    versions.set(uscc, version + 1);
  }
  return { samples };
}

function poster(url: string, token: string): (input: Record<string, unknown>) => Promise<void> {
  return async (input) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERY, variables: { input }, operationName: 'Command' }),
    });
    const body = (await response.json()) as { errors?: unknown[] };
    if (!response.ok || body.errors) throw new Error(`command failed (HTTP ${response.status}): ${JSON.stringify(body.errors)}`);
  };
}

/**
 * Command latency two ways over the same seeded data (3,000 institutions by default): straight to
 * the education subgraph (built in this process, loopback HTTP, no proof asked), and through the
 * gateway of a real stack (six processes, authorization and audit on: each answer waits for its
 * audit record). Different institutions for each, so both start from APPROVED at version 3.
 */
export async function measureCommandLatency(options: { commands: number; seedCount?: number; log?: (line: string) => void }): Promise<CommandLatencyResult> {
  const log = options.log ?? (() => undefined);
  const seedCount = options.seedCount ?? 3000;
  let data: SeededDataDir | undefined;
  let stack: Stack | undefined;
  try {
    log(`commands: seeding ${seedCount} institutions`);
    data = seededDataDir(seedCount, 2019);
    const keys: TestKeys = await createTestKeys();
    const good = data.institutions.filter((i) => i.risk === 'GOOD').map((i) => i.uscc);
    if (good.length < 300) throw new Error(`the seed has ${good.length} GOOD institutions; 300 are needed`);
    // A national officer: suspension and resumption are taken at every level from county up.
    const token = await keys.sign({ scope: 'education:filing:write', azp: 'moe-supervision-platform', sub: 'bench', region: '000000' }, { expiresIn: '2h' });

    log(`commands: ${options.commands} straight to the education subgraph`);
    const app = buildApp({ agency: 'education', dataDir: data.dataDir, tokenVerifier: createTokenVerifier(resolveAuthConfig(keys.env)), gatewayProof: null });
    const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/graphql`;
    const load0 = loadavg()[0]!;
    const cpuStart = process.cpuUsage();
    const direct = await sequentialCommands(good.slice(0, 100), options.commands, 'bench-direct', poster(url, token));
    const cpu = process.cpuUsage(cpuStart);
    await app.close();
    const directResult: CommandLatency = {
      commands: options.commands, p50: percentile(direct.samples, 50), p99: percentile(direct.samples, 99),
      cpuMs: { 'client+server': (cpu.user + cpu.system) / 1000 / (options.commands + WARM_UP) }, loadAverage: [load0, loadavg()[0]!],
    };

    const throughGateway = async (label: string, targets: readonly string[], gatewayEnv: NodeJS.ProcessEnv): Promise<CommandLatency> => {
      log(`commands: ${options.commands} through the gateway (${label})`);
      stack = await startStack({ dataDir: data!.dataDir, ports: 'free', env: keys.env, gatewayEnv });
      const gatewayPid = stack.gateway.child.pid;
      const educationPid = stack.subgraphs.get('education')!.child.pid;
      const start = loadavg()[0]!;
      const before = { gateway: processTreeCpuMs(gatewayPid), education: processTreeCpuMs(educationPid) };
      const { samples } = await sequentialCommands(targets, options.commands, `bench-${label.replaceAll(' ', '-')}`, poster(stack.gatewayUrl, token));
      const perCommand = (pid: number | undefined, from: number) => (processTreeCpuMs(pid) - from) / (options.commands + WARM_UP);
      const result: CommandLatency = {
        commands: options.commands, p50: percentile(samples, 50), p99: percentile(samples, 99),
        cpuMs: { gateway: perCommand(gatewayPid, before.gateway), education: perCommand(educationPid, before.education) }, loadAverage: [start, loadavg()[0]!],
      };
      await stack.stop();
      stack = undefined;
      return result;
    };
    const gatewayResult = await throughGateway('audit on', good.slice(100, 200), {});
    const gatewayNoAudit = await throughGateway('audit off', good.slice(200, 300), { AUDIT_ENABLED: 'false' });
    return { direct: directResult, gateway: gatewayResult, gatewayNoAudit, seedCount };
  } finally {
    await stack?.stop();
    data?.remove();
  }
}

/** The lines `npm run bench` prints for it. */
export function formatCommandLatency(result: CommandLatencyResult): string {
  const row = (label: string, r: CommandLatency) =>
    `  ${label.padEnd(52)} p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  CPU ${Object.entries(r.cpuMs).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')} ms/command  load average ${r.loadAverage[0].toFixed(1)} -> ${r.loadAverage[1].toFixed(1)}`;
  const { direct, gateway, gatewayNoAudit } = result;
  return [
    `\ncommand latency: ${gateway.commands} commands each way, one at a time (SUSPEND/RESUME_ENROLMENT at 100 institutions in turn), ${result.seedCount} institutions seeded`,
    row('education subgraph direct (in process, loopback HTTP)', direct),
    row('through the gateway (authorization and audit on)', gateway),
    row('through the gateway, audit off (for comparison only)', gatewayNoAudit),
    `\nCOMMAND_LATENCY direct_p50=${direct.p50.toFixed(2)} direct_p99=${direct.p99.toFixed(2)} gateway_p50=${gateway.p50.toFixed(2)} gateway_p99=${gateway.p99.toFixed(2)} `
      + `gateway_no_audit_p50=${gatewayNoAudit.p50.toFixed(2)} gateway/direct_p50=${(gateway.p50 / direct.p50).toFixed(2)} load1=${gateway.loadAverage[0].toFixed(1)}`,
  ].join('\n') + '\n';
}

// `node dist/test/bench/command-latency.js [N]` runs it alone.
if (require.main === module) {
  measureCommandLatency({ commands: Number(process.argv[2] ?? 400), log: (line) => process.stderr.write(`# ${line}\n`) }).then(
    (result) => process.stdout.write(formatCommandLatency(result)),
    (error: unknown) => {
      process.stderr.write(`command latency failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
