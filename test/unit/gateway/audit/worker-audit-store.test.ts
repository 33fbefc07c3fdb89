/**
 * The worker store's close() is the end of a clean stop: it must resolve only once the worker has
 * finished, the head anchor re-signed over the last commit. (It used to return at once, and a
 * process exiting right after it left up to ~150 records outside the anchor: a crash that never
 * happened, as `audit verify` reported it.) The worker runs compiled code from dist/.
 */
import { readHeadAnchor, headAnchorFile } from '../../../../gateway/audit/head-anchor';
import { verifyAuditLog } from '../../../../gateway/audit/verify-audit';
import { openWorkerAuditStore } from '../../../../gateway/audit/worker-audit-store';
import { auditSandbox, entry } from './audit-fixture';

it('close() resolves after the worker has re-signed the head anchor over the last commit', async () => {
  const sandbox = auditSandbox();
  try {
    const store = await openWorkerAuditStore({ location: sandbox.location, privateJwk: sandbox.keys.privateJwk });
    // Several quick commits: the anchor is throttled to one per 100 ms, so it lags the last ones.
    for (let i = 0; i < 5; i += 1) await store.append(Array.from({ length: 30 }, () => entry()));
    const head = store.head();
    expect(head.seq).toBe(150);
    await store.close();
    expect(readHeadAnchor(headAnchorFile(sandbox.file))).toMatchObject({ seq: head.seq, hash: head.hash });
    expect(await verifyAuditLog(sandbox.location, sandbox.keys.publicJwk)).toEqual({ ok: true, records: 150, checkpoints: 0, unanchored: 0 });
    await expect(store.append([entry()])).rejects.toThrow(/closed/);
  } finally {
    sandbox.cleanup();
  }
});

it('an audit database that cannot be reached stops the start with one line naming it, password hidden', async () => {
  const sandbox = auditSandbox();
  try {
    const opening = openWorkerAuditStore({ location: { kind: 'postgres', url: 'postgresql://gw:secret@127.0.0.1:1/audit' }, privateJwk: sandbox.keys.privateJwk });
    await expect(opening).rejects.toMatchObject({ code: 'ERR_AUDIT_UNAVAILABLE', message: expect.stringMatching(/^the audit log at postgresql:\/\/gw:\*\*\*@127\.0\.0\.1:1\/audit cannot be opened: connect ECONNREFUSED/) });
  } finally {
    sandbox.cleanup();
  }
});
