import { queryAuditLog } from '../../../../gateway/audit/query-audit';
import { auditSandbox, entry } from './audit-fixture';

let sandbox: ReturnType<typeof auditSandbox>;
const T = (minute: number) => new Date(Date.UTC(2025, 4, 1, 9, minute)).toISOString();

beforeAll(() => {
  sandbox = auditSandbox();
  const store = sandbox.open({ checkpointEvery: 2 });
  store.append([
    entry({ time: T(0), requestId: 'a', consumer: 'samr', usccs: ['U1'] }),
    entry({ time: T(0), requestId: 'a', type: 'fetch', consumer: 'samr', usccs: ['U1'] }),
  ]);
  store.append([
    // The operation names no uscc; only its fetch does.
    entry({ time: T(5), requestId: 'b', consumer: 'moe', usccs: [] }),
    entry({ time: T(5), requestId: 'b', type: 'fetch', consumer: 'moe', usccs: ['U2'] }),
    entry({ time: T(5), requestId: 'b', type: 'fetch', consumer: 'moe', usccs: ['U1'] }),
  ]);
  store.append([entry({ time: T(9), requestId: 'c', consumer: 'samr', usccs: ['U2'], purpose: 'inspection' })]);
  store.close();
});
afterAll(() => sandbox.cleanup());

const ids = (rows: { requestId: string }[]) => rows.map((r) => r.requestId);

it('by uscc: every operation that touched it, newest first, with its fetch count', () => {
  const rows = queryAuditLog(sandbox.file, { uscc: 'U1' });
  expect(ids(rows)).toEqual(['b', 'a']);
  expect(rows.map((r) => r.fetches)).toEqual([2, 1]);
  expect(rows.every((r) => r.type === 'operation')).toBe(true);
});

it('by consumer, by time, combined, limited', () => {
  expect(ids(queryAuditLog(sandbox.file, { consumer: 'samr' }))).toEqual(['c', 'a']);
  expect(ids(queryAuditLog(sandbox.file, { since: T(5) }))).toEqual(['c', 'b']);
  expect(ids(queryAuditLog(sandbox.file, { since: '2025-05-01T09:06:00+00:00' }))).toEqual(['c']);
  expect(ids(queryAuditLog(sandbox.file, { uscc: 'U2', consumer: 'samr' }))).toEqual(['c']);
  expect(ids(queryAuditLog(sandbox.file, { consumer: 'samr' }, 1))).toEqual(['c']);
  expect(queryAuditLog(sandbox.file, { uscc: 'nobody' })).toEqual([]);
});

it('answers who, what, when and why', () => {
  const [row] = queryAuditLog(sandbox.file, { uscc: 'U2', consumer: 'samr' });
  expect(row).toMatchObject({ consumer: 'samr', subject: 'inspector-7', purpose: 'inspection', time: T(9), usccs: ['U2'], body: { operationName: 'Institution' } });
});

it('refuses an unreadable time', () => {
  expect(() => queryAuditLog(sandbox.file, { since: 'last tuesday' })).toThrow(RangeError);
});
