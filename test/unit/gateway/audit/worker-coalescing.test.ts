import { verifyAuditLog } from '../../../../gateway/audit/verify-audit';
import { openWorkerAuditStore } from '../../../../gateway/audit/worker-audit-store';
import type { AuditEntry } from '../../../../gateway/audit/audit-entry';
import { auditSandbox, entry } from './audit-fixture';

/** Appends that reach the worker together share one commit; each caller still hears of its own. */
describe('worker audit store: appends arriving together', () => {
  it('are all durable, chained in the order sent, and verify', async () => {
    const sandbox = auditSandbox();
    const store = await openWorkerAuditStore({ file: sandbox.file, privateJwk: sandbox.keys.privateJwk });
    try {
      const sent = Array.from({ length: 40 }, (_, i) => [entry({ requestId: `r${i}` }), entry({ type: 'fetch', requestId: `r${i}`, usccs: [] })]);
      await Promise.all(sent.map((entries) => store.append(entries)));
      expect(store.head().seq).toBeGreaterThanOrEqual(80);
    } finally {
      store.close();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const result = verifyAuditLog(sandbox.file, sandbox.keys.publicJwk);
    expect(result).toMatchObject({ ok: true, records: 80 });
    sandbox.cleanup();
  });

  it('fail one at a time: a malformed append among good ones fails alone', async () => {
    const sandbox = auditSandbox();
    const store = await openWorkerAuditStore({ file: sandbox.file, privateJwk: sandbox.keys.privateJwk });
    try {
      const bad = [{ ...entry(), time: 'yesterday' }] as AuditEntry[];
      const outcomes = await Promise.allSettled([store.append([entry()]), store.append(bad), store.append([entry()])]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(String((outcomes[1] as PromiseRejectedResult).reason)).toContain('ISO timestamp');
      expect(store.head().seq).toBe(2);
    } finally {
      store.close();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(verifyAuditLog(sandbox.file, sandbox.keys.publicJwk)).toMatchObject({ ok: true, records: 2 });
    sandbox.cleanup();
  });
});
