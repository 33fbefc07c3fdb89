/**
 * What metrics and tracing cost the gateway on the profile query: four gateway processes over the
 * same five subgraphs (telemetry off, metrics on, tracing on, both), loaded at the same time,
 * CPU time of each gateway process (all its threads, from /proc) divided by the requests it
 * answered. Tracing exports every span (always_on) over OTLP/HTTP to a sink in this process, so
 * the figure includes building and sending them. `npm run bench:telemetry [-- --quick]`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../common/project-root';
import { startProcess, startStack, stopProcess, type RunningProcess } from '../../scripts/stack';
import { seedDataDir } from '../../subgraphs/shared/seed/seed-data-dir';
import { generateInstitutions } from '../../subgraphs/shared/seed/seed-institutions';
import { AGENCIES } from '../../subgraphs/agencies';
import { PROFILE_QUERY } from '../helpers/queries';
import { runLoad, waitReady } from './support';

const quick = process.argv.includes('--quick');
const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : quick ? 1 : 5;
const DURATION_S = quick ? 4 : 10;
const CONNECTIONS = 4;
const INSTITUTIONS = 300;

const SCENARIOS = [
  { key: 'off', label: 'telemetry off', env: {} },
  { key: 'metrics', label: 'metrics on', env: { METRICS_PORT: '0' } },
  { key: 'tracing', label: 'tracing on (every span exported)', env: { OTEL_TRACES_EXPORTER: 'otlp', OTEL_TRACES_SAMPLER: 'always_on' } },
  { key: 'both', label: 'metrics and tracing on', env: { METRICS_PORT: '0', OTEL_TRACES_EXPORTER: 'otlp', OTEL_TRACES_SAMPLER: 'always_on' } },
] as const;

/** utime + stime of every thread of `pid`, in milliseconds. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // Fields 14 and 15 of stat, counted from the state field (3), in clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'edu-bench-telemetry-'));
  let received = 0;
  const sink = createServer((request, response) => {
    request.on('data', () => undefined);
    request.on('end', () => {
      received += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const collector = `http://127.0.0.1:${(sink.address() as { port: number }).port}`;
  const dataDir = join(scratch, 'data');
  seedDataDir(AGENCIES, { dataDir, institutions: INSTITUTIONS, seed: 1 });
  const variables = generateInstitutions(INSTITUTIONS, 1).map((i) => ({ uscc: i.uscc }));
  const stack = await startStack({ dataDir, ports: 'free', gatewayEnv: { AUDIT_DIR: join(scratch, 'audit-stack') } });
  const subgraphUrls = [...stack.subgraphs.values()].map((p) => `${p.name}=${p.url}/graphql`).join(',');
  const gateways = new Map<string, RunningProcess>();
  try {
    for (const scenario of SCENARIOS) {
      const gateway = await startProcess(`gateway-${scenario.key}`, join(PROJECT_ROOT, 'dist/gateway/main.js'), [], {
        ...stack.env,
        PORT: '0',
        // One anonymous client asking thousands of times: the rate limiter would refuse it.
        RATE_LIMIT_ENABLED: 'false',
        SUBGRAPH_URLS: subgraphUrls,
        AUDIT_DIR: join(scratch, `audit-${scenario.key}`),
        OTEL_EXPORTER_OTLP_ENDPOINT: collector,
        ...scenario.env,
      }, false);
      gateways.set(scenario.key, gateway);
      await waitReady(gateway.url);
    }
    // Warm-up, not measured: JIT, plan cache and connection pools, so no scenario pays for them.
    for (const gateway of gateways.values()) {
      await runLoad({ url: `${gateway.url}/graphql`, durationS: 2, connections: CONNECTIONS, headers: {}, query: PROFILE_QUERY, variables }, scratch);
    }
    const perRequest = new Map<string, number[]>(SCENARIOS.map((s) => [s.key, []]));
    const rps = new Map<string, number[]>(SCENARIOS.map((s) => [s.key, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      // All four at once, each with its own load generator: whatever else the machine is doing
      // weighs on every scenario alike, so their ratio holds where absolute figures drift.
      const before = new Map(SCENARIOS.map((s) => [s.key, cpuMs(gateways.get(s.key)!.child.pid!)]));
      const results = await Promise.all(SCENARIOS.map((scenario) =>
        runLoad({ url: `${gateways.get(scenario.key)!.url}/graphql`, durationS: DURATION_S, connections: CONNECTIONS, headers: {}, query: PROFILE_QUERY, variables }, scratch)));
      // Let the batch span processor send what it holds (every 5 s), so its work counts in this round.
      await new Promise((r) => setTimeout(r, 5500));
      SCENARIOS.forEach((scenario, i) => {
        const result = results[i]!;
        if (result.non2xx || result.errors || result.graphqlErrors) throw new Error(`${scenario.key}: ${JSON.stringify(result)}`);
        const used = cpuMs(gateways.get(scenario.key)!.child.pid!) - before.get(scenario.key)!;
        perRequest.get(scenario.key)!.push(used / result.total);
        rps.get(scenario.key)!.push(result.rps);
      });
    }
    const off = median(perRequest.get('off')!);
    process.stdout.write(`telemetry cost, profile query, ${INSTITUTIONS} institutions, ${CONNECTIONS} connections, ${ROUNDS} round(s) of ${DURATION_S} s with the four gateways loaded at once, medians, node ${process.version}\n`);
    process.stdout.write('| gateway | CPU ms/request | vs off | req/s | every round (ms) |\n|---|---|---|---|---|\n');
    for (const scenario of SCENARIOS) {
      const ms = median(perRequest.get(scenario.key)!);
      const rounds = perRequest.get(scenario.key)!.map((v) => v.toFixed(2)).join(' ');
      process.stdout.write(`| ${scenario.label} | ${ms.toFixed(3)} | ${(ms / off).toFixed(3)} | ${median(rps.get(scenario.key)!).toFixed(0)} | ${rounds} |\n`);
    }
    process.stdout.write(`RATIOS ${SCENARIOS.slice(1).map((s) => `${s.key}/off=${(median(perRequest.get(s.key)!) / off).toFixed(3)}`).join(' ')} (OTLP exports received: ${received})\n`);
  } finally {
    await Promise.all([...gateways.values()].map((g) => stopProcess(g)));
    await stack.stop();
    sink.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
