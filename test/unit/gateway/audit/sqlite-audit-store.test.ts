import { rmSync, statSync } from 'node:fs';
import { GENESIS_HASH } from '../../../../gateway/audit/audit-chain';
import { headAnchorFile, readHeadAnchor } from '../../../../gateway/audit/head-anchor';
import { AuditLogTamperedError } from '../../../../gateway/audit/audit-store';
import { verifyAuditLog } from '../../../../gateway/audit/verify-audit';
import { auditSandbox, entry, tamper } from './audit-fixture';

let sandbox: ReturnType<typeof auditSandbox>;
beforeEach(() => (sandbox = auditSandbox()));
afterEach(() => sandbox.cleanup());
const verify = () => verifyAuditLog(sandbox.location, sandbox.keys.publicJwk);

it('makes the key pair once, the private half readable by the owner only', async () => {
  expect(statSync(sandbox.keys.privateFile).mode & 0o777).toBe(0o600);
  expect(sandbox.keys.publicJwk).not.toHaveProperty('d');
});

it('starts empty at the genesis hash, with a signed anchor for it', async () => {
  const store = sandbox.open();
  expect(store.head()).toEqual({ seq: 0, hash: GENESIS_HASH });
  expect(readHeadAnchor(store.anchorFile)).toMatchObject({ seq: 0, hash: GENESIS_HASH });
  store.close();
  expect(await verify()).toEqual({ ok: true, records: 0, checkpoints: 0, unanchored: 0 });
});

it('verifies after many appends of every size, across reopenings, with checkpoints where due', async () => {
  let total = 0;
  let unsigned = 0;
  let checkpoints = 0;
  for (let round = 0; round < 3; round += 1) {
    const store = sandbox.open({ checkpointEvery: 100 });
    for (let i = 0; i < 60; i += 1) {
      const size = 1 + ((i * 7) % 23);
      store.append(Array.from({ length: size }, () => entry({ type: i % 2 ? 'fetch' : 'operation' })));
      total += size;
      unsigned += size;
      if (unsigned >= 100) [checkpoints, unsigned] = [checkpoints + 1, 0]; // after the batch that reached it
    }
    store.close();
  }
  const result = await verify();
  expect(result).toEqual({ ok: true, records: total, checkpoints, unanchored: 0 });
  const store = sandbox.open({ checkpointEvery: 100 });
  expect(store.head().seq).toBe(total + checkpoints);
  expect(readHeadAnchor(store.anchorFile)?.seq).toBe(store.head().seq);
  store.close();
});

it('writes nothing of a batch whose transaction fails, and the next batch chains from the last good head', async () => {
  const store = sandbox.open({ checkpointEvery: 3 });
  store.append([entry(), entry()]);
  const good = store.head();
  tamper(sandbox.file, (db) => db.exec("CREATE TRIGGER boom BEFORE INSERT ON audit_log WHEN NEW.outcome = 'BOOM' BEGIN SELECT RAISE(ABORT, 'injected failure'); END"));
  // The failing entry is the second one; the third would have triggered a checkpoint.
  expect(() => store.append([entry(), entry({ outcome: 'BOOM' }), entry()])).toThrow(/injected failure/);
  expect(store.head()).toEqual(good);
  expect(readHeadAnchor(store.anchorFile)?.seq).toBe(good.seq);
  store.append([entry()]);
  expect(store.head().seq).toBe(good.seq + 2); // one record and the checkpoint it made due
  store.close();
  expect(await verify()).toEqual({ ok: true, records: 3, checkpoints: 1, unanchored: 0 });
});

it('rejects a malformed entry before touching the database', async () => {
  const store = sandbox.open();
  expect(() => store.append([entry(), entry({ time: 'not a time' })])).toThrow(TypeError);
  expect(store.head().seq).toBe(0);
  store.close();
});

describe('refuses to append to a log that disagrees with its anchor (fail closed)', () => {
  beforeEach(() => {
    const store = sandbox.open();
    store.append([entry(), entry(), entry()]);
    store.close();
  });

  it('truncated while the gateway was down', async () => {
    tamper(sandbox.file, (db) => db.prepare('DELETE FROM audit_log WHERE seq = 3').run());
    expect(() => sandbox.open()).toThrow(AuditLogTamperedError);
    // The evidence stays: the anchor was not rewritten to the shorter tail.
    expect(readHeadAnchor(headAnchorFile(sandbox.file))?.seq).toBe(3);
  });

  it('anchor deleted, unless the operator accepts the tail', async () => {
    rmSync(headAnchorFile(sandbox.file));
    expect(() => sandbox.open()).toThrow(/head anchor .* is missing/);
    const store = sandbox.open({ acceptUnanchoredTail: true });
    store.append([entry()]);
    store.close();
    expect(await verify()).toMatchObject({ ok: true, records: 4 });
  });
});

it('appends a batch of 50 in well under a millisecond per record', async () => {
  const store = sandbox.open();
  const batches = Array.from({ length: 40 }, () => Array.from({ length: 50 }, () => entry()));
  const started = performance.now();
  for (const batch of batches) store.append(batch);
  const perRecordMs = (performance.now() - started) / 2000;
  store.close();
  expect(perRecordMs).toBeLessThan(0.5);
});
