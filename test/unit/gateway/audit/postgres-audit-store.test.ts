import { GENESIS_HASH } from '../../../../gateway/audit/audit-chain';
import { AuditLog } from '../../../../gateway/audit/audit-log';
import { AuditLogTamperedError } from '../../../../gateway/audit/audit-store';
import { queryAuditLog } from '../../../../gateway/audit/query-audit';
import { verifyAuditLog } from '../../../../gateway/audit/verify-audit';
import { describePostgres } from '../../../helpers/postgres';
import { entry, expectWholeCalls, openBackend, type AuditBackend } from './audit-fixture';

describePostgres('the PostgreSQL audit store', () => {
  let backend: AuditBackend;
  beforeAll(async () => {
    backend = await openBackend('postgres');
  });
  beforeEach(() => backend.reset());
  afterAll(() => backend?.cleanup());
  const verify = () => verifyAuditLog(backend.location, backend.keys.publicJwk);

  it('starts empty at the genesis hash, with a signed head row for it', async () => {
    const store = await backend.open();
    expect(store.head()).toEqual({ seq: 0, hash: GENESIS_HASH });
    expect(await backend.readAnchor()).toMatchObject({ seq: 0, hash: GENESIS_HASH, alg: 'ES256' });
    await store.close();
    expect(await verify()).toEqual({ ok: true, records: 0, checkpoints: 0, unanchored: 0 });
  });

  it('re-signs the head anchor in every commit, so no tail is ever unanchored, across reopenings', async () => {
    let total = 0;
    for (let round = 0; round < 2; round += 1) {
      const store = await backend.open({ checkpointEvery: 40 });
      for (let i = 0; i < 20; i += 1) {
        const size = 1 + ((i * 7) % 13);
        await store.append(Array.from({ length: size }, () => entry()));
        total += size;
        expect((await backend.readAnchor())?.seq).toBe(store.head().seq);
      }
      await store.close();
    }
    const result = await verify();
    expect(result).toMatchObject({ ok: true, records: total, unanchored: 0 });
    if (result.ok) expect(result.checkpoints).toBeGreaterThanOrEqual(Math.floor(total / 53));
  });

  it('writes nothing of a batch whose statement fails, and the next batch chains from the last good head', async () => {
    const store = await backend.open({ checkpointEvery: 3 });
    await store.append([entry(), entry()]);
    const good = store.head();
    await backend.injectFailure();
    await expect(store.append([entry(), entry({ outcome: 'BOOM' }), entry()])).rejects.toThrow(/injected failure/);
    expect(store.head()).toEqual(good);
    expect((await backend.readAnchor())?.seq).toBe(good.seq);
    await store.append([entry()]);
    expect(store.head().seq).toBe(good.seq + 2); // one record and the checkpoint it made due
    await store.close();
    expect(await verify()).toEqual({ ok: true, records: 3, checkpoints: 1, unanchored: 0 });
  });

  it.each([[3, 'racing for the head, then locking it'], [0, 'always under the head row\'s lock']])('two stores on one database (two replicas) append concurrently into one chain that verifies (optimisticAttempts %i: %s)', async (optimisticAttempts) => {
    const [a, b] = [await backend.open({ checkpointEvery: 50, optimisticAttempts }), await backend.open({ checkpointEvery: 50, optimisticAttempts })];
    const logs = [new AuditLog(a), new AuditLog(b)];
    const calls = Array.from({ length: 300 }, (_, id) => [entry({ requestId: `r${id}` }), ...Array.from({ length: id % 3 }, () => entry({ type: 'fetch', requestId: `r${id}` }))]);
    await Promise.all(calls.map((entries, id) => logs[id % 2]!.record(entries)));
    await Promise.all(logs.map((log) => log.close()));
    const result = await verify();
    expect(result).toMatchObject({ ok: true, records: calls.flat().length, unanchored: 0 });
    const operations = await queryAuditLog(backend.location, { consumer: 'moe-portal' }, 1000);
    expect(new Set(operations.map((op) => op.requestId)).size).toBe(300);
    await expectWholeCalls(backend.location, (id) => 1 + (Number(id.slice(1)) % 3));
  });

  it('a replica that opens while another appends runs no DDL, so neither blocks nor deadlocks the other', async () => {
    const writer = await backend.open();
    const log = new AuditLog(writer);
    let appending = true;
    const load = (async () => {
      let n = 0;
      while (appending) await Promise.all(Array.from({ length: 5 }, () => log.record([entry({ requestId: `w${(n += 1)}` }), entry({ type: 'fetch', requestId: `w${n}` })])));
      return n;
    })();
    for (let i = 0; i < 10; i += 1) await (await backend.open()).close();
    appending = false;
    const appended = await load;
    await log.close();
    expect(appended).toBeGreaterThan(0);
    expect(await verify()).toMatchObject({ ok: true, records: appended * 2 });
  });

  describe('refuses to open a log that disagrees with its head row (fail closed)', () => {
    beforeEach(async () => {
      const store = await backend.open();
      await store.append([entry(), entry(), entry()]);
      await store.close();
    });

    it('truncated while the gateway was down', async () => {
      await backend.tamper(async (db) => void (await db.run('DELETE FROM audit_log WHERE seq = 3')));
      await expect(backend.open()).rejects.toThrow(AuditLogTamperedError);
      expect((await backend.readAnchor())?.seq).toBe(3);
    });

    it('a record appended behind the store\'s back', async () => {
      await backend.tamper(async (db) => void (await db.run("INSERT INTO audit_log SELECT 4, time, type, 'forged', consumer, subject, purpose, outcome, body, hash, hash FROM audit_log WHERE seq = 3")));
      await expect(backend.open()).rejects.toThrow(/INSERTED/);
    });

    it('head row deleted, unless the operator accepts the tail', async () => {
      await backend.removeAnchor();
      await expect(backend.open()).rejects.toThrow(/head anchor row \(audit_head\) is missing/);
      const store = await backend.open({ acceptUnanchoredTail: true });
      await store.append([entry()]);
      await store.close();
      expect(await verify()).toMatchObject({ ok: true, records: 4 });
    });
  });
});
