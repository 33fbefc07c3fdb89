import { verifyAuditLog } from '../../../../gateway/audit/verify-audit';
import { openWorkerAuditStore } from '../../../../gateway/audit/worker-audit-store';
import type { AuditEntry } from '../../../../gateway/audit/audit-entry';
import { BACKENDS, entry, openBackend, type AuditBackend } from './audit-fixture';

/** Appends that reach the worker together share one commit; each caller still hears of its own. */
describe.each(BACKENDS)('worker audit store on %s: appends arriving together', (backendName) => {
  let backend: AuditBackend;
  beforeAll(async () => {
    backend = await openBackend(backendName);
  });
  beforeEach(() => backend.reset());
  afterAll(() => backend?.cleanup());

  it('are all durable, chained in the order sent, and verify', async () => {
    const store = await openWorkerAuditStore({ location: backend.location, privateJwk: backend.keys.privateJwk });
    try {
      const sent = Array.from({ length: 40 }, (_, i) => [entry({ requestId: `r${i}` }), entry({ type: 'fetch', requestId: `r${i}`, usccs: [] })]);
      await Promise.all(sent.map((entries) => store.append(entries)));
      expect(store.head().seq).toBeGreaterThanOrEqual(80);
    } finally {
      await store.close();
    }
    expect(await verifyAuditLog(backend.location, backend.keys.publicJwk)).toMatchObject({ ok: true, records: 80, unanchored: 0 });
  });

  it('fail one at a time: a malformed append among good ones fails alone', async () => {
    const store = await openWorkerAuditStore({ location: backend.location, privateJwk: backend.keys.privateJwk });
    try {
      const bad = [{ ...entry(), time: 'yesterday' }] as AuditEntry[];
      const outcomes = await Promise.allSettled([store.append([entry()]), store.append(bad), store.append([entry()])]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(String((outcomes[1] as PromiseRejectedResult).reason)).toContain('ISO timestamp');
      expect(store.head().seq).toBe(2);
    } finally {
      await store.close();
    }
    expect(await verifyAuditLog(backend.location, backend.keys.publicJwk)).toMatchObject({ ok: true, records: 2 });
  });
});
