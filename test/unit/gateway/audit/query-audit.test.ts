import { queryAuditLog } from '../../../../gateway/audit/query-audit';
import { BACKENDS, entry, openBackend, type AuditBackend } from './audit-fixture';

const T = (minute: number) => new Date(Date.UTC(2025, 4, 1, 9, minute)).toISOString();
const ids = (rows: { requestId: string }[]) => rows.map((r) => r.requestId);

describe.each(BACKENDS)('audit query on %s', (backendName) => {
  let backend: AuditBackend;
  const query = (filter: Parameters<typeof queryAuditLog>[1], limit?: number) => queryAuditLog(backend.location, filter, limit);

  beforeAll(async () => {
    backend = await openBackend(backendName);
    const store = await backend.open({ checkpointEvery: 2 });
    const fetched = (...usccs: string[][]) => ({ operationName: 'Institution', subgraphs: usccs.map((asked, i) => ({ subgraph: `s${i}`, usccs: asked })) });
    await store.append([entry({ time: T(0), requestId: 'a', consumer: 'samr', usccs: ['U1'], body: fetched(['U1']) })]);
    // As logs written before 2026-12-01 hold it: a fetch record per subgraph call. The operation
    // names no uscc; only its fetches do.
    await store.append([
      entry({ time: T(5), requestId: 'b', consumer: 'moe', usccs: [], body: fetched(['U2'], ['U1']) }),
      entry({ time: T(5), requestId: 'b', type: 'fetch', consumer: 'moe', usccs: ['U2'] }),
      entry({ time: T(5), requestId: 'b', type: 'fetch', consumer: 'moe', usccs: ['U1'] }),
    ]);
    await store.append([entry({ time: T(9), requestId: 'c', consumer: 'samr', usccs: ['U2'], purpose: 'inspection' })]);
    await store.close();
  });
  afterAll(() => backend?.cleanup());

  it('by uscc: every operation that touched it, newest first, with its fetch count', async () => {
    const rows = await query({ uscc: 'U1' });
    expect(ids(rows)).toEqual(['b', 'a']);
    expect(rows.map((r) => r.fetches)).toEqual([2, 1]);
    expect(rows.every((r) => r.type === 'operation')).toBe(true);
  });

  it('by consumer, by time, combined, limited', async () => {
    expect(ids(await query({ consumer: 'samr' }))).toEqual(['c', 'a']);
    expect(ids(await query({ since: T(5) }))).toEqual(['c', 'b']);
    expect(ids(await query({ since: '2025-05-01T09:06:00+00:00' }))).toEqual(['c']);
    expect(ids(await query({ uscc: 'U2', consumer: 'samr' }))).toEqual(['c']);
    expect(ids(await query({ consumer: 'samr' }, 1))).toEqual(['c']);
    expect(await query({ uscc: 'nobody' })).toEqual([]);
  });

  it('answers who, what, when and why', async () => {
    const [row] = await query({ uscc: 'U2', consumer: 'samr' });
    expect(row).toMatchObject({ seq: 6, consumer: 'samr', subject: 'inspector-7', purpose: 'inspection', time: T(9), usccs: ['U2'], body: { operationName: 'Institution' } });
  });

  it('refuses an unreadable time', async () => {
    await expect(query({ since: 'last tuesday' })).rejects.toThrow(RangeError);
  });
});
