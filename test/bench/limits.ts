/**
 * `npm run bench:limits`: for the worst query each documented anonymous limit still admits
 * (test/helpers/worst-queries.ts), its latency through the gateway, the gateway's CPU time for it,
 * and how long `/health` takes to answer while it runs: a /health probe is sent every 5 ms during
 * each run, so its slowest answer bounds how long the gateway's event loop was blocked.
 * Runs the real stack (five subgraph processes and the gateway) over the default seed.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { startStack, type Stack } from '../../scripts/stack';
import { DEFAULT_INSTITUTIONS, DEFAULT_SEED } from '../../subgraphs/shared/seed/defaults';
import { seededDataDir } from '../helpers/seeded-data-dir';
import { worstAdmittedQueries } from '../helpers/worst-queries';
import { percentile } from './support';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

const RUNS = Number(process.env.RUNS ?? 7);
const CLOCK_TICK_MS = 10;

/** User + system CPU of a process so far, from /proc (Linux), in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
}

async function timed(url: string, init?: RequestInit): Promise<{ ms: number; status: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(url, init);
  const body = await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status, bytes: body.byteLength };
}

async function main(): Promise<void> {
  process.stdout.write(`seeding ${DEFAULT_INSTITUTIONS} institutions ...\n`);
  const data = seededDataDir(DEFAULT_INSTITUTIONS, DEFAULT_SEED);
  let stack: Stack | undefined;
  try {
    // Generous request budgets: this measures single operations, not the rate limiter.
    stack = await startStack({ dataDir: data.dataDir, ports: 'free', gatewayEnv: { RATE_LIMIT_REQUESTS: '1000000', RATE_LIMIT_COST: '100000000' } });
    const health = stack.gatewayUrl.replace(/\/graphql$/, '/health');
    const pid = stack.gateway.child.pid!;
    const rows: string[][] = [['limit', 'worst admitted query', 'HTTP', 'KB', 'p50 ms', 'max ms', 'gateway CPU ms', '/health p50 ms', '/health max ms']];
    for (const worst of worstAdmittedQueries(data.institutions.map((i) => i.uscc))) {
      const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: worst.query, variables: worst.variables }) };
      await timed(stack.gatewayUrl, init);
      const latencies: number[] = [];
      const probes: number[] = [];
      let status = 0;
      let bytes = 0;
      const cpuBefore = cpuMs(pid);
      for (let run = 0; run < RUNS; run += 1) {
        let running = true;
        const probing = (async () => {
          while (running) {
            probes.push((await timed(health)).ms);
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
        })();
        const answer = await timed(stack.gatewayUrl, init);
        running = false;
        await probing;
        latencies.push(answer.ms);
        status = answer.status;
        bytes = answer.bytes;
      }
      const cpu = (cpuMs(pid) - cpuBefore) / RUNS;
      rows.push([worst.limit, worst.name, String(status), (bytes / 1024).toFixed(1), percentile(latencies, 50).toFixed(1), Math.max(...latencies).toFixed(1),
        cpu.toFixed(1), percentile(probes, 50).toFixed(1), Math.max(...probes).toFixed(1)]);
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    process.stdout.write(`\n${RUNS} runs each, /health probed every 5 ms during each run; node ${process.version}\n\n`);
    for (const row of rows) process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}\n`);
  } finally {
    await stack?.stop();
    data.remove();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:limits failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
