import type { AuditEntry } from '../../../../gateway/audit/audit-entry';
import { AuditLog } from '../../../../gateway/audit/audit-log';
import type { AuditStore } from '../../../../gateway/audit/audit-store';
import { normalizeAuditEntry } from '../../../../gateway/audit/normalize-audit-entry';
import { verifyAuditLog } from '../../../../gateway/audit/verify-audit';
import { queryAuditLog } from '../../../../gateway/audit/query-audit';
import { auditSandbox, entry, expectWholeCalls, tamper } from './audit-fixture';

/** A store that keeps appended batches in memory and can be told to fail or to be slow. */
function memoryStore(behaviour: { failNext?: number; delayMs?: number } = {}) {
  const batches: AuditEntry[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const store: AuditStore & { batches: AuditEntry[][]; maxInFlight(): number } = {
    batches,
    maxInFlight: () => maxInFlight,
    append(entries) {
      return this.appendNormalized(entries.map(normalizeAuditEntry));
    },
    async appendNormalized(items) {
      const entries = items.map((item) => item.entry);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
        if (behaviour.failNext && behaviour.failNext > 0) {
          behaviour.failNext -= 1;
          throw new Error('disk full');
        }
        batches.push([...entries]);
      } finally {
        inFlight -= 1;
      }
    },
    head: () => ({ seq: batches.flat().length, hash: '' }),
    close: () => undefined,
  };
  return store;
}

const call = (id: number, size: number) => Array.from({ length: size }, (_, i) => entry({ requestId: `call-${id}`, body: { part: i } }));

it('200 concurrent record() calls become few appends; every entry once, each call contiguous and in order', async () => {
  const store = memoryStore();
  const log = new AuditLog(store);
  const calls = Array.from({ length: 200 }, (_, id) => call(id, 1 + (id % 4)));
  await Promise.all(calls.map((entries) => log.record(entries)));
  expect(store.batches.length).toBeLessThanOrEqual(2);
  // What the store is handed is each entry in stored form (checked, copied), in the same order.
  const written = store.batches.flat().map((e) => `${e.requestId}/${String(e.body.part)}`);
  expect(written).toHaveLength(calls.flat().length);
  expect(new Set(written).size).toBe(written.length);
  for (const entries of calls) {
    const start = written.indexOf(`${entries[0]!.requestId}/0`);
    expect(written.slice(start, start + entries.length)).toEqual(entries.map((e) => `${e.requestId}/${String(e.body.part)}`));
  }
});

it('splits at maxBatch without splitting a call, and never overlaps appends', async () => {
  const store = memoryStore({ delayMs: 2 });
  const log = new AuditLog(store, { maxBatch: 10 });
  const calls = Array.from({ length: 50 }, (_, id) => call(id, 3));
  await Promise.all(calls.map((entries) => log.record(entries)));
  expect(store.maxInFlight()).toBe(1);
  for (const batch of store.batches) expect(batch.length).toBeLessThanOrEqual(10);
  for (const batch of store.batches) expect(new Set(batch.map((e) => e.requestId)).size * 3).toBe(batch.length);
  expect(store.batches.flat()).toHaveLength(150);
});

it('a failing append rejects every caller of that batch, and the next batch is written', async () => {
  const store = memoryStore({ failNext: 1 });
  const log = new AuditLog(store);
  const first = await Promise.allSettled(Array.from({ length: 20 }, (_, id) => log.record(call(id, 2))));
  expect(first.every((r) => r.status === 'rejected' && /disk full/.test(String(r.reason)))).toBe(true);
  await log.record(call(99, 2));
  expect(store.batches).toHaveLength(1);
});

it('a malformed entry fails only its own caller', async () => {
  const store = memoryStore();
  const log = new AuditLog(store);
  const results = await Promise.allSettled([log.record(call(1, 1)), log.record([entry({ time: 'now' })]), log.record(call(2, 1))]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(store.batches.flat()).toHaveLength(2);
});

it('close() writes what is queued, then refuses new records', async () => {
  const store = memoryStore({ delayMs: 1 });
  const log = new AuditLog(store);
  const pending = [log.record(call(1, 2)), log.record(call(2, 2))];
  await log.close();
  await Promise.all(pending);
  expect(store.batches.flat()).toHaveLength(4);
  await expect(log.record(call(3, 1))).rejects.toThrow(/closed/);
});

describe('with the SQLite store', () => {
  let sandbox: ReturnType<typeof auditSandbox>;
  beforeEach(() => (sandbox = auditSandbox()));
  afterEach(() => sandbox.cleanup());

  it('records many concurrent requests exactly once, contiguously, in a chain that verifies', async () => {
    const store = sandbox.open({ checkpointEvery: 50 });
    const appends = jest.spyOn(store, 'appendNormalized');
    const log = new AuditLog(store);
    const calls = Array.from({ length: 200 }, (_, id) => [
      entry({ requestId: `r${id}`, usccs: [`U${id % 7}`] }),
      ...Array.from({ length: id % 3 }, () => entry({ type: 'fetch', requestId: `r${id}`, usccs: [`U${id % 7}`] })),
    ]);
    await Promise.all(calls.map((entries) => log.record(entries)));
    expect(appends.mock.calls.length).toBeLessThanOrEqual(2);
    await log.close();
    expect(await verifyAuditLog(sandbox.location, sandbox.keys.publicJwk)).toMatchObject({ ok: true, records: calls.flat().length });
    const rows = await queryAuditLog(sandbox.location, { consumer: 'moe-portal' }, 1000);
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.requestId)).size).toBe(200);
    await expectWholeCalls(sandbox.location, (id) => 1 + (Number(id.slice(1)) % 3));
  });

  it('a failed commit rejects its callers; later batches chain from the last good head', async () => {
    const store = sandbox.open({ checkpointEvery: 5 });
    const log = new AuditLog(store);
    await Promise.all([log.record(call(1, 2)), log.record(call(2, 2))]);
    const good = store.head();
    tamper(sandbox.file, (db) => db.exec("CREATE TRIGGER boom BEFORE INSERT ON audit_log WHEN NEW.outcome = 'BOOM' BEGIN SELECT RAISE(ABORT, 'injected'); END"));
    const failed = await Promise.allSettled([log.record(call(3, 2)), log.record([entry({ outcome: 'BOOM' })]), log.record(call(4, 2))]);
    expect(failed.every((r) => r.status === 'rejected')).toBe(true);
    expect(store.head()).toEqual(good);
    await Promise.all([log.record(call(5, 2)), log.record(call(6, 2))]);
    await log.close();
    expect(await verifyAuditLog(sandbox.location, sandbox.keys.publicJwk)).toMatchObject({ ok: true, records: 8, checkpoints: 1 });
  });
});

describe('with appends in flight at once (maxInFlight)', () => {
  it('keeps at most maxInFlight appends under way, hands them over in queue order, records each entry once', async () => {
    const appended: string[][] = [];
    let running = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const store: AuditStore = {
      append(entries) {
        return this.appendNormalized(entries.map(normalizeAuditEntry));
      },
      appendNormalized(items) {
        appended.push(items.map((item) => item.entry.requestId));
        running += 1;
        peak = Math.max(peak, running);
        return new Promise<void>((resolve) => release.push(() => { running -= 1; resolve(); }));
      },
      head: () => ({ seq: 0, hash: '0'.repeat(64) }),
      close: () => undefined,
    };
    const log = new AuditLog(store, { maxInFlight: 2 });
    const done: Promise<void>[] = [];
    for (let wave = 0; wave < 5; wave += 1) {
      for (let i = 0; i < 10; i += 1) done.push(log.record([entry({ requestId: `r${wave}-${i}` })]));
      await new Promise<void>((resolve) => setImmediate(resolve));
      // Let the oldest append finish only every other wave, as a slow disk would.
      if (wave % 2 === 1) release.shift()?.();
    }
    // Release appends until every caller has its answer (later batches start as earlier ones end).
    let settled = false;
    const all = Promise.all(done).then(() => {
      settled = true;
    });
    while (!settled) {
      release.shift()?.();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await all;
    await log.close();
    expect(peak).toBe(2);
    const order = appended.flat();
    expect(order).toHaveLength(50);
    expect(new Set(order).size).toBe(50);
    // Queue order is kept across batches: wave by wave, request by request.
    expect(order).toEqual(Array.from({ length: 5 }, (_, w) => Array.from({ length: 10 }, (_, i) => `r${w}-${i}`)).flat());
  });
});
