/**
 * The agency stores on SQLite and on PostgreSQL, measured the same way in the same run:
 * `npm run bench:storage [-- --quick]` or `npm run bench -- --only storage` (PostgreSQL from
 * TEST_DATABASE_URL; without it only SQLite runs, and it says so). For each backend, over the
 * same seed, a real stack (five subgraph processes and the gateway, audit on): the profile query one at a time (p50, p99), under load
 * (req/s, p50, p99, autocannon with 10 connections), and commands one at a time through the
 * gateway (p50, p99); then the ratios PostgreSQL/SQLite. Figures are wall-clock on a shared
 * machine: read the ratios, and the load average printed with them.
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import pg from 'pg';
import { extractRequirements } from '../../gateway/authorize/requirements';
import { SUPERGRAPH_PATH } from '../../schema/paths';
import { startStack, type Stack } from '../../scripts/stack';
import { AGENCIES } from '../../subgraphs/agencies';
import { agencyDatabaseFile } from '../../subgraphs/shared/seed/seed-data-dir';
import { loadIntoPostgres } from '../../subgraphs/shared/seed/seed-postgres';
import { AGENCY_PLACEHOLDER, agencyDatabaseUrl } from '../../subgraphs/shared/storage/agency-database-url';
import { readFileSync } from 'node:fs';
import { PROFILE_QUERY } from '../helpers/queries';
import { seededDataDir } from '../helpers/seeded-data-dir';
import { createTestKeys } from '../helpers/test-keys';
import { percentile, postOk, runLoad } from './support';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

const COMMAND = 'mutation Command($input: RegulatoryTransitionInput!) { transitionRegulatoryStatus(input: $input) { state version } }';
const WARM_UP = 20;

export interface StorageFigures {
  readonly seedCount: number;
  readonly sequential: number;
  readonly durationS: number;
  readonly backends: readonly Figures[];
}

interface Figures {
  readonly backend: string;
  readonly profile: { p50: number; p99: number };
  readonly load: { rps: number; p50: number; p99: number; failed: number };
  readonly command: { p50: number; p99: number };
  readonly loadAverage: readonly [number, number];
}

async function timed(count: number, run: (i: number) => Promise<void>): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let i = 0; i < count + WARM_UP; i += 1) {
    const started = performance.now();
    await run(i);
    if (i >= WARM_UP) samples.push(performance.now() - started);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/** Both backends (PostgreSQL only with TEST_DATABASE_URL), one after the other over the same seed. */
export async function measureStorageBackends(options: { quick: boolean; log: (line: string) => void }): Promise<StorageFigures> {
  const { quick, log } = options;
  const seedCount = quick ? 1000 : 3000;
  const sequential = quick ? 200 : 1000;
  const durationS = quick ? 3 : 10;
  const serverUrl = process.env.TEST_DATABASE_URL || null;
  if (!serverUrl) log('TEST_DATABASE_URL is not set: SQLite only');

  log(`seeding ${seedCount} institutions`);
  const data = seededDataDir(seedCount, 2026);
  const keys = await createTestKeys();
  const scopes = [...extractRequirements(readFileSync(SUPERGRAPH_PATH, 'utf8')).requirements.scopes];
  const reader = `Bearer ${await keys.sign({ scope: scopes.join(' '), azp: 'bench', sub: 'bench', purpose: 'benchmark' }, { expiresIn: '3h' })}`;
  const officer = `Bearer ${await keys.sign({ scope: 'education:filing:write', azp: 'moe-supervision-platform', sub: 'bench', region: '000000' }, { expiresIn: '3h' })}`;
  const env = { ...keys.env, RATE_LIMIT_REQUESTS: '100000000', RATE_LIMIT_COST: '100000000', MAX_COST: '1000000' };
  const usccs = data.institutions.map((i) => i.uscc);
  const good = data.institutions.filter((i) => i.risk === 'GOOD').map((i) => i.uscc);
  const prefix = `bench_${process.pid}`;
  const figures: Figures[] = [];
  let stack: Stack | undefined;
  try {
    for (const backend of serverUrl ? ['sqlite', 'postgres'] : ['sqlite']) {
      let pattern: string | null = null;
      if (backend === 'postgres') {
        const url = new URL(serverUrl!);
        url.pathname = '/NAME';
        pattern = url.toString().replace('/NAME', `/${prefix}_${AGENCY_PLACEHOLDER}`);
        log('loading the same seed into PostgreSQL');
        for (const agency of AGENCIES) await loadIntoPostgres(agency, agencyDatabaseFile(data.dataDir, agency.name), agencyDatabaseUrl(pattern, agency.name));
      }
      log(`${backend}: starting the stack`);
      stack = await startStack({ dataDir: data.dataDir, agencyDatabaseUrl: pattern, ports: 'free', env });
      const url = stack.gatewayUrl;
      const load0 = loadavg()[0]!;
      log(`${backend}: ${sequential} profile queries one at a time`);
      const profile = await timed(sequential, async (i) => void (await postOk(url, PROFILE_QUERY, { uscc: usccs[i % usccs.length] }, { authorization: reader })));
      log(`${backend}: profile queries under load for ${durationS} s`);
      const variables = usccs.map((uscc) => ({ uscc }));
      const loaded = await runLoad({ url, durationS, connections: 10, headers: { authorization: reader }, query: PROFILE_QUERY, variables }, data.dataDir);
      // Commands change the data: each backend gets its own institutions, all APPROVED at version 3.
      const targets = backend === 'sqlite' ? good.slice(0, 100) : good.slice(100, 200);
      const versions = new Map(targets.map((uscc) => [uscc, 3]));
      log(`${backend}: ${sequential} commands one at a time through the gateway`);
      const command = await timed(sequential, async (i) => {
        const uscc = targets[i % targets.length]!;
        const version = versions.get(uscc)!;
        const response = await fetch(url, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: officer },
          body: JSON.stringify({ query: COMMAND, variables: { input: {
            uscc, command: version % 2 === 1 ? 'SUSPEND_ENROLMENT' : 'RESUME_ENROLMENT', expectedVersion: version,
            idempotencyKey: `bench-${backend}-${process.pid}-${i}`, legalBasis: '校外培训行政处罚暂行办法 第十二条', decisionDocNo: `B-${i}`,
          } } }),
        });
        const body = (await response.json()) as { errors?: unknown[] };
        if (!response.ok || body.errors) throw new Error(`command failed (HTTP ${response.status}): ${JSON.stringify(body.errors)}`);
        versions.set(uscc, version + 1);
      });
      figures.push({
        backend, profile, command, loadAverage: [load0, loadavg()[0]!],
        load: { rps: loaded.rps, p50: loaded.p50, p99: loaded.p99, failed: loaded.non2xx + loaded.errors + loaded.timeouts + loaded.graphqlErrors },
      });
      await stack.stop();
      stack = undefined;
    }
  } finally {
    await stack?.stop();
    data.remove();
    if (serverUrl) {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      for (const agency of AGENCIES) await admin.query(`DROP DATABASE IF EXISTS "${prefix}_${agency.name}" WITH (FORCE)`);
      await admin.end();
    }
  }

  return { seedCount, sequential, durationS, backends: figures };
}

/** The lines the benchmark prints. */
export function formatStorageFigures({ seedCount, sequential, durationS, backends }: StorageFigures): string {
  const f = (n: number) => n.toFixed(2);
  const lines = [`\nagency stores: ${seedCount} institutions, ${sequential} requests one at a time, load ${durationS} s x 10 connections, through the gateway (audit on)`];
  for (const r of backends) {
    lines.push(`  ${r.backend.padEnd(9)} profile p50 ${f(r.profile.p50)} ms p99 ${f(r.profile.p99)} ms | under load ${r.load.rps.toFixed(0)} req/s p50 ${f(r.load.p50)} ms p99 ${f(r.load.p99)} ms failed ${r.load.failed} `
      + `| command p50 ${f(r.command.p50)} ms p99 ${f(r.command.p99)} ms | load average ${r.loadAverage[0].toFixed(1)} -> ${r.loadAverage[1].toFixed(1)}`);
  }
  const [s, p] = backends;
  if (s && p) {
    lines.push(`\nSTORAGE_RATIOS profile_p50_pg/sqlite=${f(p.profile.p50 / s.profile.p50)} profile_p99_pg/sqlite=${f(p.profile.p99 / s.profile.p99)} `
      + `rps_pg/sqlite=${f(p.load.rps / s.load.rps)} command_p50_pg/sqlite=${f(p.command.p50 / s.command.p50)} command_p99_pg/sqlite=${f(p.command.p99 / s.command.p99)}`);
  }
  return `${lines.join('\n')}\n`;
}

// `npm run bench:storage [-- --quick]` runs it alone.
if (require.main === module) {
  measureStorageBackends({ quick: process.argv.includes('--quick'), log: (line) => process.stderr.write(`# ${line}\n`) }).then(
    (figures) => process.stdout.write(formatStorageFigures(figures)),
    (error: unknown) => {
      process.stderr.write(`storage bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
