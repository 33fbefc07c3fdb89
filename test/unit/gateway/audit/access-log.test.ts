import { openAccessLog } from '../../../../gateway/audit/access-log';
import { loopTurnsDuring } from '../../../helpers/loop-turns';
import { auditSandbox, BACKENDS, entry, openBackend, tamper, type AuditBackend } from './audit-fixture';

const T = (day: number, minute = 0) => new Date(Date.UTC(2026, 10, day, 9, minute)).toISOString();

/** The institutions' access log over each audit backend (PostgreSQL where TEST_DATABASE_URL is set). */
describe.each(BACKENDS)('access log on %s', (backendName) => {
  let backend: AuditBackend;

  beforeAll(async () => {
    backend = await openBackend(backendName);
    const store = await backend.open({ checkpointEvery: 3 });
    await store.append([
      entry({ time: T(1), requestId: 'a', consumer: 'samr', subject: 'inspector-7', purpose: 'SUPERVISION_INSPECTION', usccs: ['U1'], body: { operationType: 'query', fieldsServed: ['Query.institution', 'Institution.marketPenalties'] } }),
      entry({ time: T(1), requestId: 'a', type: 'fetch', consumer: 'samr', usccs: ['U1'] }),
    ]);
    // An older log's request: its operation record and a fetch record per subgraph call, each naming
    // the USCCs it asked about (the operation record all of them): one access.
    await store.append([
      entry({ time: T(2), requestId: 'b', consumer: 'moe', usccs: ['U1', 'U3'], body: { fieldsServed: ['Institution.complaints'] } }),
      entry({ time: T(2), requestId: 'b', type: 'fetch', consumer: 'moe', usccs: ['U1'] }),
      entry({ time: T(2), requestId: 'b', type: 'fetch', consumer: 'moe', usccs: ['U1', 'U3'] }),
    ]);
    await store.append([entry({ time: T(2, 5), requestId: 'c', consumer: 'moe', usccs: ['U2'] })]);
    // Beijing days, not UTC dates: 17:30 UTC on the 4th is 01:30 on the 5th in Beijing, and 16:00 UTC on
    // the 2nd is the first instant of the 3rd. Appended in time order as a log is, but for anon-3, which
    // another replica's clock stamped hours before the record appended ahead of it.
    const anonymous = [[6, Date.UTC(2026, 10, 2, 15, 59)], [5, Date.UTC(2026, 10, 2, 16, 0)], [1, Date.parse(T(3, 1))], [2, Date.parse(T(3, 2))],
      [4, Date.UTC(2026, 10, 4, 17, 30)], [3, Date.parse(T(4, 3))]] as const;
    for (const [i, at] of anonymous) {
      await store.append([entry({ time: new Date(at).toISOString(), requestId: `anon-${i}`, consumer: null, subject: null, purpose: null, usccs: ['U1'] })]);
    }
    await store.close();
  });
  afterAll(() => backend?.cleanup());

  it('lists the authenticated accesses to one institution, newest first, with fields and purpose, paged by seq', async () => {
    const log = openAccessLog(backend.location);
    try {
      const all = await log.accessesTo('U1', null, 10);
      expect(all.map((r) => [r.requestId, r.consumer])).toEqual([['b', 'moe'], ['a', 'samr']]);
      expect(all[1]).toMatchObject({ purpose: 'SUPERVISION_INSPECTION', operationType: 'query', fieldsServed: ['Query.institution', 'Institution.marketPenalties'], subject: 'inspector-7' });
      expect((await log.accessesTo('U1', all[0]!.seq, 10)).map((r) => r.requestId)).toEqual(['a']);
      expect((await log.accessesTo('U1', null, 1)).map((r) => r.requestId)).toEqual(['b']);
      expect((await log.accessesTo('U2', null, 10)).map((r) => r.requestId)).toEqual(['c']);
      expect((await log.accessesTo('U3', null, 10)).map((r) => r.requestId)).toEqual(['b']);
      expect(await log.accessesTo('nobody', null, 10)).toEqual([]);
    } finally {
      await log.close();
    }
  });

  it('counts anonymous reads per Beijing day, newest first, from a day on', async () => {
    const log = openAccessLog(backend.location);
    try {
      expect(await log.anonymousReadsByDay('U1', '2026-11-01')).toEqual([
        { day: '2026-11-05', reads: 1 }, { day: '2026-11-04', reads: 1 }, { day: '2026-11-03', reads: 3 }, { day: '2026-11-02', reads: 1 },
      ]);
      expect(await log.anonymousReadsByDay('U1', '2026-11-03')).toEqual([{ day: '2026-11-05', reads: 1 }, { day: '2026-11-04', reads: 1 }, { day: '2026-11-03', reads: 3 }]);
      expect(await log.anonymousReadsByDay('U1', '2026-11-04')).toEqual([{ day: '2026-11-05', reads: 1 }, { day: '2026-11-04', reads: 1 }]);
      expect(await log.anonymousReadsByDay('U2', '2026-11-01')).toEqual([]);
    } finally {
      await log.close();
    }
  });
});

describe('access log on a long SQLite log', () => {
  it('reads in a thread of its own: the event loop keeps turning while a query runs', async () => {
    const sandbox = auditSandbox();
    try {
      const store = sandbox.open();
      await store.append([entry({ time: T(1), requestId: 'first', consumer: null, subject: null, purpose: null, usccs: ['U1'] })]);
      await store.close();
      // 200,000 anonymous reads of U1 in November, written straight into the tables (not chained:
      // only the reading is measured here).
      tamper(sandbox.file, (db) => {
        const record = db.prepare("INSERT INTO audit_log (seq, time, type, request_id, outcome, body, prev_hash, hash) VALUES (?, ?, 'operation', ?, 'SERVED', '{}', '', '')");
        const uscc = db.prepare("INSERT INTO audit_uscc (seq, uscc) VALUES (?, 'U1')");
        for (let seq = 2; seq <= 200_001; seq++) {
          record.run(seq, new Date(Date.UTC(2026, 10, 2) + seq * 10_000).toISOString(), `r${seq}`);
          uscc.run(seq);
        }
      });
      const log = openAccessLog(sandbox.location);
      try {
        await log.accessesTo('U1', null, 1);
        const { value: days, turns } = await loopTurnsDuring(() => log.anonymousReadsByDay('U1', '2026-11-01'));
        expect(days.reduce((sum, d) => sum + d.reads, 0)).toBe(200_001);
        // Read on the loop's own thread, the whole count would run within one turn.
        expect(turns).toBeGreaterThanOrEqual(5);
      } finally {
        await log.close();
      }
    } finally {
      sandbox.cleanup();
    }
  }, 60_000);
});
