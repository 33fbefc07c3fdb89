/**
 * The gateway benchmark: `npm run bench` (full) or `node dist/test/bench/run.js --quick [--scale N]`;
 * `--only public|domain|commands` runs one part.
 *
 * CPU placement (2-core machines): the gateway under test is pinned to CPU 0 and the load generator
 * (autocannon, in its own process) to CPU 1 with `taskset`, so the load generator never steals the
 * gateway's core. The subgraphs stay unpinned and share both cores. Without `taskset` nothing is
 * pinned, silently. The sequential (single-client) loops run in this process, unpinned.
 *
 * Authorization-on runs with a token holding every scope, so (b) and (c) do the same subgraph work
 * and c/b measures the cost of the authorization pass alone.
 */
import 'reflect-metadata';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { developmentKeyEnv, startProcess, startStack, stopProcess, type RunningProcess, type Stack } from '../../scripts/stack';
import { PROJECT_ROOT } from '../../common/project-root';
import { AGENCY_NAMES, type AgencyName } from '../../subgraphs/shared/agency';
import { generateInstitutions } from '../../subgraphs/shared/seed/seed-institutions';
import { extractRequirements } from '../../gateway/authorize/requirements';
import { SUPERGRAPH_PATH } from '../../schema/paths';
import { FAN_OUT_QUERY, PROFILE_QUERY } from '../helpers/queries';
import { seededDataDir, type SeededDataDir } from '../helpers/seeded-data-dir';
import type { LoadResult } from './load';
import { runIntelBenchmark } from './intel';
import { runPublicBenchmark } from './public/run-public';
import { formatCommandLatency, measureCommandLatency } from './command-latency';
import { formatStorageFigures, measureStorageBackends } from './storage-backends';
import {
  createBenchAuth, EDUCATION_ROOT_QUERY, entitiesQuery, HAS_TASKSET, loadChildren, partialErrors, peakRssMiB, percentile, pin, postOk,
  processTreeCpuMs, representations, runLoad, waitReady, type BenchAuth,
} from './support';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

interface Options {
  quick: boolean; durationS: number; warmupS: number; rounds: number; seedCount: number; scale: number; sequential: number; connections: number;
  /** `--only public`, `--only domain`, `--only commands` or `--only intel`: one of the benchmarks. */
  only: 'public' | 'domain' | 'commands' | 'intel' | 'storage' | null;
  /** Commands sent each way (straight to the subgraph, through the gateway) in the command-latency part. */
  commands: number;
}

function parseArgs(argv: readonly string[]): Options {
  const quick = argv.includes('--quick');
  const scaleAt = argv.indexOf('--scale');
  const scale = scaleAt >= 0 ? Number(argv[scaleAt + 1]) : quick ? 2000 : 100_000;
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`--scale needs a positive integer, got ${argv[scaleAt + 1]}`);
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? argv[onlyAt + 1] : null;
  if (only !== null && only !== 'public' && only !== 'domain' && only !== 'commands' && only !== 'intel' && only !== 'storage') {
    throw new Error(`--only takes 'public', 'domain', 'commands', 'intel' or 'storage', got ${only}`);
  }
  return quick
    ? { quick, durationS: 3, warmupS: 1, rounds: 1, seedCount: 500, scale, sequential: 300, connections: 10, only, commands: 200 }
    : { quick, durationS: 10, warmupS: 2, rounds: 3, seedCount: 3000, scale, sequential: 300, connections: 10, only, commands: 2000 };
}

/** The public benchmark's table and ratio line. */
async function publicBenchmark(options: Options, benchAuth: BenchAuth): Promise<void> {
  const result = await runPublicBenchmark({
    quick: options.quick,
    durationS: options.durationS,
    warmupS: options.warmupS,
    rounds: options.rounds,
    connections: PUBLIC_CONNECTIONS,
    scratch: benchAuth.dir,
    authEnv: benchAuth.env,
    headers: { authorization: benchAuth.authorization },
    log,
  });
  const table: string[][] = [['public benchmark TestQuery', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', 'peak RSS MiB', 'requests', 'failed']];
  for (const s of result.scenarios) {
    const r = s.load;
    table.push(r
      ? [s.label, r.rps.toFixed(0), ms(r.p50), ms(r.p99), (s.cpuMsPerRequest ?? NaN).toFixed(2), (s.peakRssMiB ?? NaN).toFixed(0), String(r.total), String(r.non2xx + r.errors + r.timeouts + r.graphqlErrors)]
      : [s.label, `not run: ${s.skipped}`]);
  }
  const widths = table[0]!.map((_, i) => Math.max(...table.filter((r) => r.length > 2).map((r) => (r[i] ?? '').length)));
  process.stdout.write(`\npublic benchmark: mode=${options.quick ? 'quick' : 'full'} duration=${options.durationS}s rounds=${options.rounds} connections=${PUBLIC_CONNECTIONS} `
    + `response=${result.responseBytes} bytes, checked against the reference before and after each load\n\n`);
  for (const r of table) process.stdout.write(`${r.length > 2 ? r.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ') : r.join('  ')}`.trimEnd() + '\n');
  const rps = (key: string) => result.scenarios.find((s) => s.key === key)?.load?.rps ?? NaN;
  const cpu = (key: string) => result.scenarios.find((s) => s.key === key)?.cpuMsPerRequest ?? NaN;
  process.stdout.write(`\nPUBLIC_RATIOS D/A=${ratio(rps('D'), rps('A'))} D/H=${ratio(rps('D'), rps('H'))} B/A=${ratio(rps('B'), rps('A'))} D/B=${ratio(rps('D'), rps('B'))} `
    + `cpu_ms_per_req_D=${cpu('D').toFixed(2)}\n`);
}

const DIST = join(PROJECT_ROOT, 'dist');
/** As the public benchmark runs it. */
const PUBLIC_CONNECTIONS = 50;
const GATEWAY_SCRIPT = join(DIST, 'gateway/main.js');
const BASELINE_SCRIPT = join(DIST, 'test/bench/baseline-gateway.js');
const SUBGRAPH_SCRIPT = join(DIST, 'subgraphs/main.js');

const processes = new Set<RunningProcess>();
const stacks = new Set<Stack>();
const dataDirs = new Set<SeededDataDir>();
let auth: BenchAuth | undefined;

async function cleanup(): Promise<void> {
  for (const child of loadChildren) child.kill('SIGKILL');
  await Promise.all([...stacks].map((s) => s.stop().catch(() => undefined)));
  await Promise.all([...processes].map((p) => stopProcess(p).catch(() => undefined)));
  for (const d of dataDirs) d.remove();
  if (auth) rmSync(auth.dir, { recursive: true, force: true });
}

async function start(name: string, script: string, env: NodeJS.ProcessEnv): Promise<RunningProcess> {
  const running = await startProcess(name, script, [], env, false);
  processes.add(running);
  return running;
}

async function stop(running: RunningProcess): Promise<void> {
  await stopProcess(running);
  processes.delete(running);
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? (a / b).toFixed(2) : 'n/a');
const log = (line: string) => process.stderr.write(`# ${line}\n`);

/** One scenario's load, and CPU ms per request of the gateway (all its threads) and of the five subgraphs together. */
type ScenarioResult = LoadResult & { cpuMsPerRequest: number; subgraphCpuMsPerRequest: number };

/** The round with the median throughput, so its latencies belong to the same run. */
function medianResult(list: readonly LoadResult[]): LoadResult {
  const sorted = [...list].sort((x, y) => x.rps - y.rps);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  const sum = (pick: (r: LoadResult) => number) => list.reduce((total, r) => total + pick(r), 0);
  return {
    ...median,
    total: sum((r) => r.total),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    graphqlErrors: sum((r) => r.graphqlErrors),
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const rows: string[][] = [];
  const row = (...cells: (string | number)[]) => rows.push(cells.map(String));
  const supergraphSdl = readFileSync(SUPERGRAPH_PATH, 'utf8');
  auth = await createBenchAuth(extractRequirements(supergraphSdl).requirements.scopes);
  if (options.only === null || options.only === 'commands') {
    // A write's latency, beside the reads': its own stack, since commands change the data they run on.
    process.stdout.write(formatCommandLatency(await measureCommandLatency({ commands: options.commands, seedCount: options.quick ? 1000 : 3000, log })));
    if (options.only === 'commands') return;
  }
  if (options.only === null || options.only === 'public') await publicBenchmark(options, auth);
  if (options.only === 'public') return;
  if (options.only === 'intel') return intelBenchmark(options);
  if (options.only === 'storage') return void process.stdout.write(formatStorageFigures(await measureStorageBackends({ quick: options.quick, log })));
  const headers = { authorization: auth.authorization };
  const scratch = auth.dir;

  // ---- seed and subgraphs ----------------------------------------------------------------
  log(`seeding ${options.seedCount} institutions`);
  const data = seededDataDir(options.seedCount, 7);
  dataDirs.add(data);
  const usccs = generateInstitutions(options.seedCount, 7).map((i) => i.uscc);
  const subgraphs = new Map<AgencyName, RunningProcess>();
  await Promise.all(AGENCY_NAMES.map(async (name) => {
    const running = await startProcess(name, SUBGRAPH_SCRIPT, [name], {
      ...auth!.env,
      ...developmentKeyEnv(data.dataDir),
      DATA_DIR: data.dataDir,
      PORT: '0',
    }, false);
    processes.add(running);
    subgraphs.set(name, running);
  }));
  const subgraphUrl = (name: AgencyName) => `${subgraphs.get(name)!.url}/graphql`;
  const SUBGRAPH_URLS = AGENCY_NAMES.map((n) => `${n}=${subgraphUrl(n)}`).join(',');
  const profileVariables = usccs.map((uscc) => ({ uscc }));

  /** CPU time used so far by the five subgraph processes together, in ms. */
  const subgraphsCpuMs = () => AGENCY_NAMES.reduce((sum, name) => sum + processTreeCpuMs(subgraphs.get(name)!.child.pid), 0);

  /**
   * The measured load, the gateway's CPU time per request during it (all its threads) and the
   * five subgraphs' (summed), so a scenario bound by the subgraphs shows it.
   */
  async function loadScenario(label: string, url: string, pid: number | undefined): Promise<ScenarioResult> {
    await postOk(url, PROFILE_QUERY, { uscc: usccs[0] }, headers);
    await runLoad({ url, durationS: options.warmupS, connections: options.connections, headers, query: PROFILE_QUERY, variables: profileVariables }, scratch);
    const cpuBefore = processTreeCpuMs(pid);
    const subgraphCpuBefore = subgraphsCpuMs();
    const load = await runLoad({ url, durationS: options.durationS, connections: options.connections, headers, query: PROFILE_QUERY, variables: profileVariables }, scratch);
    const requests = Math.max(1, load.total);
    const result = { ...load, cpuMsPerRequest: (processTreeCpuMs(pid) - cpuBefore) / requests, subgraphCpuMsPerRequest: (subgraphsCpuMs() - subgraphCpuBefore) / requests };
    if (result.non2xx || result.errors || result.timeouts || result.graphqlErrors) {
      log(`${label}: non2xx=${result.non2xx} errors=${result.errors} timeouts=${result.timeouts} graphqlErrors=${result.graphqlErrors}`);
    }
    return result;
  }

  async function sequentialLatencies(url: string): Promise<number[]> {
    const samples: number[] = [];
    for (let i = 0; i < options.sequential + 20; i += 1) {
      const t = performance.now();
      await postOk(url, PROFILE_QUERY, { uscc: usccs[i % usccs.length] }, headers);
      if (i >= 20) samples.push(performance.now() - t);
    }
    return samples;
  }

  /** One profile fetched straight from the five subgraphs in parallel (the no-gateway floor). */
  const direct = (uscc: string) => Promise.all(AGENCY_NAMES.map((name) => name === 'education'
    ? postOk(subgraphUrl(name), EDUCATION_ROOT_QUERY, { uscc }, headers, { key: auth!.proofKey, audience: name })
    : postOk(subgraphUrl(name), entitiesQuery(name), { representations: representations([uscc]) }, headers, { key: auth!.proofKey, audience: name })));

  // Warm the subgraphs (JIT, SQLite page cache) before any scenario, so that the first scenario
  // measured does not pay for it: every USCC once (at most 1000), straight to the subgraphs.
  log('warming the subgraphs');
  for (let i = 0; i < Math.min(usccs.length, 1000); i += 4) await Promise.all(usccs.slice(i, i + 4).map(direct));

  // ---- (a) baseline, (b) authorization off, (c) authorization on ------------------------------
  const scenarios: { key: string; label: string; script: string; env: NodeJS.ProcessEnv }[] = [
    { key: 'a', label: '(a) @apollo/gateway + @apollo/server', script: BASELINE_SCRIPT, env: {} },
    { key: 'b', label: '(b) our gateway, authorization and audit off', script: GATEWAY_SCRIPT, env: { AUTHZ_ENABLED: 'false', AUDIT_ENABLED: 'false' } },
    { key: 'c', label: '(c) our gateway, authorization on', script: GATEWAY_SCRIPT, env: { AUDIT_ENABLED: 'false' } },
    { key: 'd', label: '(d) authorization + audit', script: GATEWAY_SCRIPT, env: { AUDIT_DIR: join(scratch, 'audit-d') } },
  ];
  // Each round runs every scenario once, starting one further along, so no scenario always runs
  // first or last; each figure is the median over the rounds.
  const runs = new Map<string, ScenarioResult[]>(scenarios.map((scenario) => [scenario.key, []]));
  const sequential = new Map<string, number[]>();
  for (let round = 0; round < options.rounds; round += 1) {
    for (let i = 0; i < scenarios.length; i += 1) {
      const scenario = scenarios[(round + i) % scenarios.length]!;
      log(`round ${round + 1}/${options.rounds}: scenario ${scenario.label}`);
      const gateway = await start(scenario.key, scenario.script, { ...auth.env, PORT: '0', SUBGRAPH_URLS, ...scenario.env });
      pin(gateway.child.pid, 0);
      const url = `${gateway.url}/graphql`;
      runs.get(scenario.key)!.push(await loadScenario(scenario.label, url, gateway.child.pid));
      if (round === 0 && scenario.key !== 'a') sequential.set(scenario.key, await sequentialLatencies(url));
      await stop(gateway);
    }
  }
  const results = new Map([...runs].map(([key, list]) => [key, medianResult(list)]));
  // CPU per request: the median over the rounds, as steady as anything measured on a shared machine.
  const medianOf = (list: readonly ScenarioResult[], pick: (r: ScenarioResult) => number) => [...list].map(pick).sort((x, y) => x - y)[Math.floor((list.length - 1) / 2)]!;
  const cpu = new Map([...runs].map(([key, list]) => [key, medianOf(list, (r) => r.cpuMsPerRequest)]));
  const subgraphCpu = new Map([...runs].map(([key, list]) => [key, medianOf(list, (r) => r.subgraphCpuMsPerRequest)]));
  row('scenario', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'failed', 'CPU ms/req', 'subgraphs CPU ms/req');
  for (const scenario of scenarios) {
    const r = results.get(scenario.key)!;
    row(scenario.label, r.rps.toFixed(0), ms(r.p50), ms(r.p99), r.total, r.non2xx + r.errors + r.timeouts + r.graphqlErrors, cpu.get(scenario.key)!.toFixed(2),
      subgraphCpu.get(scenario.key)!.toFixed(2));
  }
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((k) => results.get(k)!) as [LoadResult, LoadResult, LoadResult, LoadResult];

  // ---- floor: the five subgraphs in parallel, no gateway --------------------------------------
  log('floor: subgraphs directly');
  const floor: number[] = [];
  for (let i = 0; i < options.sequential + 20; i += 1) {
    const uscc = usccs[i % usccs.length] as string;
    const t = performance.now();
    await direct(uscc);
    if (i >= 20) floor.push(performance.now() - t);
  }
  const floorP50 = percentile(floor, 50);
  const seqB = percentile(sequential.get('b')!, 50);
  const seqC = percentile(sequential.get('c')!, 50);
  rows.push([]);
  row('sequential, 1 client', 'p50 ms', 'p99 ms', 'overhead p50 ms', '', '');
  row('floor: 5 subgraphs in parallel', ms(floorP50), ms(percentile(floor, 99)), '-', '', '');
  row('(b) through gateway, authz off', ms(seqB), ms(percentile(sequential.get('b')!, 99)), ms(seqB - floorP50), '', '');
  row('(c) through gateway, authz on', ms(seqC), ms(percentile(sequential.get('c')!, 99)), ms(seqC - floorP50), '', '');

  // ---- fan-out --------------------------------------------------------------------------------
  log('fan-out');
  const fanGateway = await start('fan-out', GATEWAY_SCRIPT, { ...auth.env, PORT: '0', SUBGRAPH_URLS, EXPOSE_SUBGRAPH_COSTS: 'true', AUDIT_DIR: join(scratch, 'audit-fan-out') });
  pin(fanGateway.child.pid, 0);
  const fanUrl = `${fanGateway.url}/graphql`;
  const costs = (await postOk(fanUrl, FAN_OUT_QUERY, { first: 100 }, headers)).extensions?.subgraphCosts as Record<string, { fetches: number; sqlQueries: number }>;
  await runLoad({ url: fanUrl, durationS: options.warmupS, connections: options.connections, headers, query: FAN_OUT_QUERY, variables: [{ first: 100 }] }, scratch);
  const fan = await runLoad({ url: fanUrl, durationS: options.durationS, connections: options.connections, headers, query: FAN_OUT_QUERY, variables: [{ first: 100 }] }, scratch);
  await stop(fanGateway);
  rows.push([]);
  row('fan-out first:100 (authz on)', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'failed');
  row('under load', fan.rps.toFixed(0), ms(fan.p50), ms(fan.p99), fan.total, fan.non2xx + fan.errors + fan.timeouts + fan.graphqlErrors);
  row('SQL statements (fetches) per subgraph', AGENCY_NAMES.map((n) => `${n}=${costs?.[n]?.sqlQueries ?? '?'}(${costs?.[n]?.fetches ?? '?'})`).join(' '), '', '', '', '');

  for (const name of AGENCY_NAMES) await stop(subgraphs.get(name)!);

  // ---- start-up: spawning the stack to /ready 200 (small data set) ---------------------------
  log('start-up');
  let t = performance.now();
  let stack = await startStack({ dataDir: data.dataDir, ports: 'free', env: auth.env });
  stacks.add(stack);
  await waitReady(stack.gateway.url);
  const startupMs = performance.now() - t;
  await stack.stop();
  stacks.delete(stack);
  rows.push([]);
  row(`start-up to /ready (${options.seedCount} institutions)`, `${startupMs.toFixed(0)} ms`, '', '', '', '');

  // ---- scale ----------------------------------------------------------------------------------
  log(`scale: seeding ${options.scale} institutions`);
  t = performance.now();
  const big = seededDataDir(options.scale, 11);
  dataDirs.add(big);
  const seedMs = performance.now() - t;
  t = performance.now();
  stack = await startStack({ dataDir: big.dataDir, ports: 'free', env: auth.env });
  stacks.add(stack);
  await waitReady(stack.gateway.url);
  const bigStartupMs = performance.now() - t;
  pin(stack.gateway.child.pid, 0);
  log('scale: paging');
  t = performance.now();
  let after: string | null = null;
  let pages = 0;
  let seen = 0;
  for (;;) {
    const body = await postOk(stack.gatewayUrl, FAN_OUT_QUERY, after ? { first: 100, after } : { first: 100 }, headers);
    const page = (body.data as { institutions: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }).institutions;
    pages += 1;
    seen += page.edges.length;
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
    after = page.pageInfo.endCursor;
  }
  const pagingMs = performance.now() - t;
  const batchKeys = big.institutions.slice(0, 1000).map((i) => i.uscc);
  const batchMs: string[] = [];
  for (const name of AGENCY_NAMES) {
    const url = `${stack.subgraphs.get(name)!.url}/graphql`;
    const tb = performance.now();
    await postOk(url, entitiesQuery(name), { representations: representations(batchKeys) }, headers, { key: auth.proofKey, audience: name });
    batchMs.push(`${name}=${(performance.now() - tb).toFixed(0)}`);
  }
  const rss = [...AGENCY_NAMES.map((n) => `${n}=${peakRssMiB(stack.subgraphs.get(n)!.child.pid).toFixed(0)}`),
    `gateway=${peakRssMiB(stack.gateway.child.pid).toFixed(0)}`, `bench=${peakRssMiB(process.pid).toFixed(0)}`];
  await stack.stop();
  stacks.delete(stack);
  rows.push([]);
  row(`scale: ${options.scale} institutions`, '', '', '', '', '');
  row('seed', `${(seedMs / 1000).toFixed(1)} s`, '', '', '', '');
  row('stack start-up to /ready', `${bigStartupMs.toFixed(0)} ms`, '', '', '', '');
  row(`page through all (first:100)`, `${(pagingMs / 1000).toFixed(1)} s`, `${pages} pages`, `${seen} rows`, `${(pagingMs / pages).toFixed(1)} ms/page`, '');
  row('_entities 1000 keys, ms', batchMs.join(' '), '', '', '', '');
  row('peak RSS (VmHWM) MiB', rss.join(' '), '', '', '', '');

  // ---- print ----------------------------------------------------------------------------------
  const widths = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => Math.max(...rows.filter((r) => r.length > 1 && (r[1] ?? '').length < 40 || i === 0).map((r) => (r[i] ?? '').length)));
  process.stdout.write(`\ndomain benchmark: mode=${options.quick ? 'quick' : 'full'} duration=${options.durationS}s rounds=${options.rounds} connections=${options.connections} seed=${options.seedCount} `
    + `taskset=${HAS_TASKSET ? 'gateway@cpu0 loadgen@cpu1' : 'unavailable'} node=${process.version}\n\n`);
  for (const r of rows) {
    if (r.length === 0) { process.stdout.write('\n'); continue; }
    const long = (r[1] ?? '').length >= 40;
    process.stdout.write(`${long ? `${(r[0] as string).padEnd(widths[0] as number)}  ${r.slice(1).filter(Boolean).join('  ')}` : r.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ')}`.trimEnd() + '\n');
  }
  if (partialErrors.size > 0) {
    process.stdout.write('\npartial GraphQL errors seen by the sequential/paging/batch clients (data still returned):\n');
    for (const [key, count] of partialErrors) process.stdout.write(`  ${count} x ${key}\n`);
  }
  process.stdout.write(`\nRATIOS b/a=${ratio(b.rps, a.rps)} c/b=${ratio(c.rps, b.rps)} d/b=${ratio(d.rps, b.rps)} overhead_p50_ms=${ms(seqC - floorP50)} `
    + `cpu_ms_per_req a=${cpu.get('a')!.toFixed(2)} b=${cpu.get('b')!.toFixed(2)} c=${cpu.get('c')!.toFixed(2)} d=${cpu.get('d')!.toFixed(2)} `
    + `subgraphs_cpu_ms_per_req a=${subgraphCpu.get('a')!.toFixed(2)} b=${subgraphCpu.get('b')!.toFixed(2)} c=${subgraphCpu.get('c')!.toFixed(2)} d=${subgraphCpu.get('d')!.toFixed(2)}\n`);
  await intelBenchmark(options);
}

/** Risk engine and reports at `--scale` institutions (test/bench/intel.ts). */
async function intelBenchmark(options: Options): Promise<void> {
  const { rows } = await runIntelBenchmark({ scale: options.scale, log });
  process.stdout.write(`\nrisk early warning and joint-conference reports: scale=${options.scale} institutions node=${process.version}\n\n`);
  const width = Math.max(...rows.map((r) => (r[0] ?? '').length));
  for (const r of rows) process.stdout.write(`${(r[0] ?? '').padEnd(width)}  ${r.slice(1).join('  ')}\n`);
}

let exiting = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (exiting) return;
    exiting = true;
    void cleanup().finally(() => process.exit(130));
  });
}

main().then(
  async () => {
    await cleanup();
    process.exit(0);
  },
  async (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    await cleanup();
    process.exit(1);
  },
);
