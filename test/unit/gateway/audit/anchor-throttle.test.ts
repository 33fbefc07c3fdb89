import { headAnchorFile, readHeadAnchor } from '../../../../gateway/audit/head-anchor';
import { verifyAuditLog } from '../../../../gateway/audit/verify-audit';
import { auditSandbox, entry } from './audit-fixture';

describe('a throttled head anchor (anchorEveryMs)', () => {
  it('lags the commits, still verifies, catches up on writeAnchor() and on close', async () => {
    const sandbox = auditSandbox();
    try {
      const store = sandbox.open({ anchorEveryMs: 60_000 });
      store.append([entry()]);
      store.append([entry(), entry()]);
      const lagging = readHeadAnchor(headAnchorFile(sandbox.file));
      expect(lagging?.seq).toBeLessThan(store.head().seq);
      // Records past the anchor are committed and chained: the log verifies, with an unanchored tail.
      expect(await verifyAuditLog(sandbox.location, sandbox.keys.publicJwk)).toMatchObject({ ok: true });
      store.writeAnchor();
      expect(readHeadAnchor(headAnchorFile(sandbox.file))?.seq).toBe(store.head().seq);
      store.append([entry()]);
      const last = store.head().seq;
      store.close();
      expect(readHeadAnchor(headAnchorFile(sandbox.file))?.seq).toBe(last);
    } finally {
      sandbox.cleanup();
    }
  });
});
