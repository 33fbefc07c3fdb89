/**
 * Each kind of tampering with the audit database or its head anchor is detected, and the report
 * names the first bad record, on SQLite and on PostgreSQL. The log: 35 entries appended in batches
 * of 5 with a checkpoint after every 10, so rows are #1..#10, checkpoint #11, #12..#21, checkpoint
 * #22, #23..#32, checkpoint #33, #34..#38.
 */
import { generateKeyPairSync } from 'node:crypto';
import { chainHashWithBody } from '../../../../gateway/audit/audit-chain';
import { verifyAuditLog } from '../../../../gateway/audit/verify-audit';
import { BACKENDS, entry, openBackend, rehashFrom, shiftSeqs, type AuditBackend } from './audit-fixture';

describe.each(BACKENDS)('verify on %s', (backendName) => {
  let backend: AuditBackend;

  beforeAll(async () => {
    backend = await openBackend(backendName);
  });
  afterAll(() => backend?.cleanup());

  beforeEach(async () => {
    await backend.reset();
    const store = await backend.open({ checkpointEvery: 10 });
    for (let batch = 0; batch < 7; batch += 1) {
      await store.append(Array.from({ length: 5 }, (_, i) => entry({ requestId: `r${batch}-${i}`, usccs: [`USCC-${batch}`, `USCC-${i}`] })));
    }
    expect(store.head().seq).toBe(38);
    await store.close();
  });

  const verify = () => verifyAuditLog(backend.location, backend.keys.publicJwk);

  async function expectBroken(firstBadSeq: number, kind: string) {
    const result = await verify();
    expect(result).toMatchObject({ ok: false, firstBadSeq });
    if (!result.ok) expect(result.problem).toMatch(new RegExp(`^${kind}`));
  }

  it('an untouched log verifies', async () => {
    expect(await verify()).toEqual({ ok: true, records: 35, checkpoints: 3, unanchored: 0 });
  });

  describe('EDITED', () => {
    it('a changed body', async () => {
      await backend.tamper((db) => db.run("UPDATE audit_log SET body = replace(body, 'inspector', 'nobody') WHERE seq = 5").then(() => undefined));
      await backend.tamper((db) => db.run("UPDATE audit_log SET outcome = 'REJECTED' WHERE seq = 5").then(() => undefined));
      await expectBroken(5, 'EDITED');
    });

    it('a changed column re-hashed (the next record no longer links to it)', async () => {
      await backend.tamper(async (db) => {
        await db.run("UPDATE audit_log SET consumer = 'someone-else' WHERE seq = 5");
        await rehashFrom(db, 5, 5);
      });
      await expectBroken(5, 'EDITED');
    });

    it('a change re-hashed through to the tail is caught by the next checkpoint, as a range', async () => {
      await backend.tamper(async (db) => {
        await db.run("UPDATE audit_log SET purpose = 'curiosity' WHERE seq = 5");
        await rehashFrom(db, 5);
      });
      const result = await verify();
      expect(result).toMatchObject({ ok: false, firstBadSeq: 1 });
      if (!result.ok) expect(result.problem).toMatch(/^EDITED: .*#1\.\.#10/);
    });

    it('a re-hashed change after the last checkpoint is caught by the head anchor', async () => {
      await backend.tamper(async (db) => {
        await db.run("UPDATE audit_log SET subject = 'x' WHERE seq = 36");
        await rehashFrom(db, 36);
      });
      await expectBroken(34, 'EDITED');
    });

    it('a uscc removed from the index table (hiding who was looked at)', async () => {
      await backend.tamper((db) => db.run("DELETE FROM audit_uscc WHERE seq = 7 AND uscc = 'USCC-1'").then(() => undefined));
      await expectBroken(7, 'EDITED');
    });
  });

  describe('DELETED/GAP', () => {
    it('a middle row deleted', async () => {
      await backend.tamper((db) => db.run('DELETE FROM audit_log WHERE seq = 7').then(() => undefined));
      await expectBroken(7, 'DELETED/GAP');
    });

    it('a middle row deleted and the rest renumbered', async () => {
      await backend.tamper(async (db) => {
        await db.run('DELETE FROM audit_log WHERE seq = 7');
        await db.run('DELETE FROM audit_uscc WHERE seq = 7');
        await shiftSeqs(db, 8, -1);
      });
      await expectBroken(7, 'DELETED/GAP');
    });
  });

  describe('INSERTED', () => {
    function insertAt(seq: number, hash: (prevHash: string) => string) {
      return backend.tamper(async (db) => {
        await shiftSeqs(db, seq, 1);
        const prevHash = (await db.run('SELECT hash FROM audit_log WHERE seq = ?', seq - 1))[0]!.hash as string;
        const forged = entry({ requestId: 'forged', consumer: 'moe-portal', usccs: [] });
        await db.run(
          'INSERT INTO audit_log (seq, time, type, request_id, consumer, subject, purpose, outcome, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          seq, forged.time, forged.type, forged.requestId, forged.consumer, forged.subject, forged.purpose, forged.outcome, JSON.stringify(forged.body), prevHash, hash(prevHash),
        );
      });
    }

    it('a forged row correctly chained to its predecessor, the rest renumbered', async () => {
      const body = JSON.stringify(entry().body);
      await insertAt(7, (prevHash) => chainHashWithBody(prevHash, 7, { ...entry({ requestId: 'forged', usccs: [] }) }, body));
      await expectBroken(7, 'INSERTED');
    });

    it('a forged row with a made-up hash', async () => {
      await insertAt(7, () => 'f'.repeat(64));
      await expectBroken(7, 'INSERTED');
    });
  });

  describe('REORDERED', () => {
    it('two rows swapped (all columns but seq)', async () => {
      await backend.tamper(async (db) => {
        await db.run('UPDATE audit_log SET seq = -1 WHERE seq = 5');
        await db.run('UPDATE audit_log SET seq = 5 WHERE seq = 6');
        await db.run('UPDATE audit_log SET seq = 6 WHERE seq = -1');
        await db.run('UPDATE audit_uscc SET seq = -1 WHERE seq = 5');
        await db.run('UPDATE audit_uscc SET seq = 5 WHERE seq = 6');
        await db.run('UPDATE audit_uscc SET seq = 6 WHERE seq = -1');
      });
      await expectBroken(5, 'REORDERED');
    });
  });

  describe('TRUNCATED', () => {
    it('the tail cut off', async () => {
      await backend.tamper((db) => db.run('DELETE FROM audit_log WHERE seq > 36').then(() => undefined));
      await expectBroken(37, 'TRUNCATED');
    });

    it('the tail cut off back past the last checkpoint', async () => {
      await backend.tamper(async (db) => {
        await db.run('DELETE FROM audit_log WHERE seq >= 30');
        await db.run('DELETE FROM audit_uscc WHERE seq >= 30');
      });
      await expectBroken(30, 'TRUNCATED');
    });

    it('the head anchor deleted', async () => {
      await backend.removeAnchor();
      await expectBroken(34, 'TRUNCATED');
    });
  });

  describe('BAD_SIGNATURE', () => {
    it('a forged checkpoint signature, with the chain re-hashed after it', async () => {
      await backend.tamper(async (db) => {
        const [{ body }] = (await db.run('SELECT body FROM audit_log WHERE seq = 22')) as [{ body: string }];
        const forged = { ...JSON.parse(body), signature: Buffer.alloc(64, 7).toString('base64url') };
        await db.run('UPDATE audit_log SET body = ? WHERE seq = 22', JSON.stringify(forged));
        await rehashFrom(db, 22);
      });
      await expectBroken(22, 'BAD_SIGNATURE');
    });

    it('a head anchor re-signed with another key', async () => {
      const anchor = (await backend.readAnchor())!;
      await backend.writeAnchor({ ...anchor, seq: 36, signature: Buffer.alloc(64, 1).toString('base64url') });
      await expectBroken(34, 'BAD_SIGNATURE');
    });

    it('verifying with a key that is not the audit key', async () => {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const result = await verifyAuditLog(backend.location, publicKey.export({ format: 'jwk' }));
      expect(result).toMatchObject({ ok: false, firstBadSeq: 11 });
    });
  });
});
