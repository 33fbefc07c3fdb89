/**
 * The audit log on SQLite and on PostgreSQL: `npm run bench:audit` (needs TEST_DATABASE_URL, or
 * AUDIT_BENCH_DATABASE_URL, naming a PostgreSQL server; a database of its own is created there).
 *
 * 1. Append latency: what a request waits for its records (AuditLog.record over the worker store, as
 *    the gateway runs it): 10 callers per process in a closed loop, each recording one operation
 *    record with its five fetches, on SQLite, on PostgreSQL with one process, and with two processes
 *    appending to the same chain at once. p50/p99 of record() and requests recorded per second.
 * 2. Profile-query throughput through the gateway (10 connections) with audit on SQLite, on
 *    PostgreSQL, and on PostgreSQL with GATEWAY_WORKERS=2.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { AuditLog } from '../../gateway/audit/audit-log';
import type { AuditEntry } from '../../gateway/audit/audit-entry';
import type { AuditLocation } from '../../gateway/audit/audit-location';
import { ensureAuditKeys } from '../../gateway/audit/audit-signer';
import { extractRequirements } from '../../gateway/authorize/requirements';
import { SUPERGRAPH_PATH } from '../../schema/paths';
import { openWorkerAuditStore } from '../../gateway/audit/worker-audit-store';
import { startProcess, startStack, stopProcess } from '../../scripts/stack';
import { PROJECT_ROOT } from '../../common/project-root';
import { PROFILE_QUERY } from '../helpers/queries';
import { seededDataDir } from '../helpers/seeded-data-dir';
import { createBenchAuth, percentile, pin, postOk, runLoad } from './support';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

const CALLERS = 10;
const APPEND_SECONDS = 5;

function requestEntries(n: number): AuditEntry[] {
  const requestId = `${process.pid}-${n}`;
  const time = new Date().toISOString();
  const base = { time, requestId, consumer: 'bench', subject: 'officer', purpose: 'SUPERVISION_INSPECTION', usccs: ['91110108MA01ABCD1X'], outcome: 'SERVED' };
  const subgraphs = ['education', 'market', 'credit', 'ip', 'finance'].map((subgraph) => ({ durationMs: 2.1, outcome: 'OK', requestHash: 'b'.repeat(64), responseHash: 'c'.repeat(64), subgraph, usccs: base.usccs }));
  return [{ ...base, type: 'operation', body: { durationMs: 12.5, fieldsServed: Array.from({ length: 40 }, (_, i) => `Type.field${i}`), operationHash: 'a'.repeat(64), operationName: 'Profile', subgraphs } }];
}

/** Child mode: append for APPEND_SECONDS and print {samples} of record() latency in ms. */
async function appendChild(location: AuditLocation, keyDir: string): Promise<void> {
  const store = await openWorkerAuditStore({ location, privateJwk: ensureAuditKeys(keyDir).privateJwk });
  const log = new AuditLog(store, { maxInFlight: 2 });
  const samples: number[] = [];
  const until = performance.now() + APPEND_SECONDS * 1000;
  let n = 0;
  await Promise.all(Array.from({ length: CALLERS }, async () => {
    while (performance.now() < until) {
      const started = performance.now();
      await log.record(requestEntries((n += 1)));
      samples.push(performance.now() - started);
    }
  }));
  await log.close();
  process.stdout.write(`${JSON.stringify({ samples })}\n`);
}

function runAppendChildren(count: number, location: AuditLocation, keyDir: string): Promise<number[][]> {
  return Promise.all(Array.from({ length: count }, () => new Promise<number[]>((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, '--append-child', JSON.stringify(location), keyDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve((JSON.parse(out) as { samples: number[] }).samples) : reject(new Error(`append child exited ${code}`))));
  })));
}

async function main(): Promise<void> {
  const adminUrl = process.env.AUDIT_BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('set TEST_DATABASE_URL (eval "$(bash scripts/test-postgres.sh start)") to compare the audit backends');
  const scratch = mkdtempSync(join(tmpdir(), 'audit-bench-'));
  const dbName = `audit_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const databaseFor = async (suffix: string) => {
    await admin.query(`CREATE DATABASE ${dbName}_${suffix}`);
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}_${suffix}`;
    return url.toString();
  };
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    out(`audit append latency, ${CALLERS} callers per process, ${APPEND_SECONDS} s, one operation record (with its five fetches) per call`);
    out('| backend | processes | p50 ms | p99 ms | requests/s |');
    out('|---|---|---|---|---|');
    const configurations: { label: string; processes: number; location: () => Promise<AuditLocation> }[] = [
      { label: 'SQLite', processes: 1, location: async () => ({ kind: 'sqlite', file: join(scratch, 'append.sqlite') }) },
      { label: 'PostgreSQL', processes: 1, location: async () => ({ kind: 'postgres', url: await databaseFor('a1') }) },
      { label: 'PostgreSQL, one chain', processes: 2, location: async () => ({ kind: 'postgres', url: await databaseFor('a2') }) },
    ];
    for (const configuration of configurations) {
      const results = await runAppendChildren(configuration.processes, await configuration.location(), scratch);
      const all = results.flat();
      out(`| ${configuration.label} | ${configuration.processes} | ${percentile(all, 50).toFixed(2)} | ${percentile(all, 99).toFixed(2)} | ${(all.length / APPEND_SECONDS).toFixed(0)} |`);
    }

    // A token holding every scope the supergraph names, as in run.ts: the whole profile is served.
    const auth = await createBenchAuth(extractRequirements(readFileSync(SUPERGRAPH_PATH, 'utf8')).requirements.scopes);
    const headers = { authorization: auth.authorization };
    cleanups.push(async () => rmSync(auth.dir, { recursive: true, force: true }));
    const data = seededDataDir(500, 7);
    cleanups.push(async () => data.remove());
    const stack = await startStack({ dataDir: data.dataDir, ports: 'free', env: auth.env });
    cleanups.push(() => stack.stop());
    const SUBGRAPH_URLS = [...stack.subgraphs.values()].map((p) => `${p.name}=${p.url}/graphql`).join(',');
    const variables = data.institutions.map((i) => ({ uscc: i.uscc }));
    out('');
    out('profile query through the gateway, authorization and audit on, 10 connections, 10 s after 2 s warm-up');
    out('| audit log | gateways | req/s | p50 ms | p99 ms | failed |');
    out('|---|---|---|---|---|---|');
    const gateways: { label: string; workers: number; env: () => Promise<NodeJS.ProcessEnv> }[] = [
      { label: 'SQLite', workers: 1, env: async () => ({ AUDIT_DIR: join(scratch, 'gw-sqlite') }) },
      { label: 'PostgreSQL', workers: 1, env: async () => ({ AUDIT_DIR: join(scratch, 'gw-pg1'), AUDIT_DATABASE_URL: await databaseFor('g1') }) },
      { label: 'PostgreSQL', workers: 2, env: async () => ({ AUDIT_DIR: join(scratch, 'gw-pg2'), AUDIT_DATABASE_URL: await databaseFor('g2'), GATEWAY_WORKERS: '2' }) },
    ];
    for (const gateway of gateways) {
      const running = await startProcess('gateway', join(PROJECT_ROOT, 'dist/gateway/main.js'), [], { ...stack.env, PORT: '0', SUBGRAPH_URLS, ...(await gateway.env()) }, false);
      try {
        if (gateway.workers === 1) pin(running.child.pid, 0);
        const url = `${running.url}/graphql`;
        await postOk(url, PROFILE_QUERY, { uscc: data.institutions[0]!.uscc }, headers);
        const spec = { url, connections: 10, headers: headers, query: PROFILE_QUERY, variables };
        await runLoad({ ...spec, durationS: 2 }, scratch);
        const r = await runLoad({ ...spec, durationS: 10 }, scratch);
        out(`| ${gateway.label} | ${gateway.workers} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.non2xx + r.errors + r.timeouts + r.graphqlErrors} |`);
      } finally {
        await stopProcess(running);
      }
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${dbName}_%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE ${datname} WITH (FORCE)`);
    await admin.end();
    rmSync(scratch, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--append-child');
const entry = childAt >= 0
  ? appendChild(JSON.parse(process.argv[childAt + 1] as string) as AuditLocation, process.argv[childAt + 2] as string)
  : main();
entry.catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
