/**
 * What audit on costs a request in CPU, apart from everything else: `npm run bench:audit-path`.
 *
 * One process, pinned by the caller as the gateway is in `npm run bench`
 * (`taskset -c 0 npm run bench:audit-path`, `-- --quick` for one short round), 10
 * callers in a closed loop, each doing a fixed amount of work per request on the main thread (as a
 * gateway's request path would) and then, in the measured runs, recording the request's operation
 * record (the profile query's: five fetches, one USCC) through AuditLog, the worker thread and
 * SQLite, as the gateway does. Runs with and without the record alternate; the difference of their
 * CPU per request (all threads, process.cpuUsage) is the audit path's: normalizing, the hand-off to
 * the worker and back, chaining, the SQLite transaction. `--fetches N` (default 5) gives the record N
 * subgraph fetches: the public benchmark's TestQuery makes 16, and its record is ~4.4 KB, over a
 * SQLite page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry } from '../../gateway/audit/audit-entry';
import { AuditLog } from '../../gateway/audit/audit-log';
import { ensureAuditKeys } from '../../gateway/audit/audit-signer';
import { openWorkerAuditStore } from '../../gateway/audit/worker-audit-store';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

const CALLERS = 10;
const quick = process.argv.includes('--quick');
const SECONDS = quick ? 1 : 4;
const ROUNDS = quick ? 1 : 6;
const fetchesAt = process.argv.indexOf('--fetches');
const FETCHES = fetchesAt >= 0 ? Number(process.argv[fetchesAt + 1]) : 5;
if (!Number.isInteger(FETCHES) || FETCHES < 1) throw new Error(`--fetches needs a positive integer, got ${process.argv[fetchesAt + 1]}`);
const AGENCIES = ['education', 'market', 'credit', 'ip', 'finance'];
const SUBGRAPHS = Array.from({ length: FETCHES }, (_, i) => AGENCIES[i % AGENCIES.length]!);

function operationRecord(n: number): AuditEntry {
  const usccs = ['91110108MA01ABCD1X'];
  return {
    type: 'operation', time: new Date().toISOString(), requestId: `bench-${n}`, consumer: 'moe-supervision-platform', subject: 'officer-1',
    purpose: 'SUPERVISION_INSPECTION', usccs, outcome: 'SERVED',
    body: {
      clientHash: null, cost: { actual: 40, estimated: 60, max: 5000, mode: 'enforce' }, document: null, durationMs: 12.5, errorCodes: [], fieldsDenied: [],
      fieldsServed: Array.from({ length: 40 }, (_, i) => `Institution.field${i}`), limitsExceeded: [], operationHash: 'a'.repeat(64), operationName: 'Profile',
      operationType: 'query', rateLimited: null, status: 200,
      subgraphs: SUBGRAPHS.map((subgraph) => ({ durationMs: 2.1, outcome: 'OK', requestHash: 'b'.repeat(64), responseHash: 'c'.repeat(64), subgraph, usccs })),
      tokenRejection: null,
    },
  };
}

let sink = 0;
/** A fixed amount of work (not a fixed time: a busy wait would count the time others take the core). */
function requestWork(): void {
  let x = 0;
  for (let i = 0; i < 1_000_000; i++) x = (x * 31 + i) | 0;
  sink += x;
}

async function cpuPerRequest(audited: boolean): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'audit-path-'));
  const store = await openWorkerAuditStore({ location: { kind: 'sqlite', file: join(dir, 'audit.sqlite') }, privateJwk: ensureAuditKeys(dir).privateJwk });
  const log = new AuditLog(store, { maxInFlight: 8 });
  let n = 0;
  const before = process.cpuUsage();
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: CALLERS }, async () => {
    while (performance.now() < until) {
      requestWork();
      await new Promise((resolve) => setImmediate(resolve));
      n += 1;
      if (audited) await log.record([operationRecord(n)]);
    }
  }));
  const used = process.cpuUsage(before);
  await log.close();
  rmSync(dir, { recursive: true, force: true });
  return (used.user + used.system) / 1000 / n;
}

async function main(): Promise<void> {
  const runs = { plain: [] as number[], audited: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const audited of round % 2 ? [true, false] : [false, true]) (audited ? runs.audited : runs.plain).push(await cpuPerRequest(audited));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
  const show = (values: number[]) => values.map((v) => v.toFixed(3)).join(' ');
  process.stdout.write(`audit path, ${FETCHES} fetches per record, ${CALLERS} callers, ${ROUNDS} alternating rounds of ${SECONDS} s (CPU ms per request, all threads)\n`);
  process.stdout.write(`  without audit: median ${median(runs.plain).toFixed(3)}  (${show(runs.plain)})\n`);
  process.stdout.write(`  with audit:    median ${median(runs.audited).toFixed(3)}  (${show(runs.audited)})\n`);
  process.stdout.write(`AUDIT_PATH_CPU_MS_PER_REQUEST=${(median(runs.audited) - median(runs.plain)).toFixed(3)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
