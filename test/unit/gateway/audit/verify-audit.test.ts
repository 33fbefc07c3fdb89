/**
 * Each kind of tampering with the audit database or its head anchor is detected, and the report
 * names the first bad record. The log: 35 entries appended in batches of 5 with a checkpoint after
 * every 10, so rows are #1..#10, checkpoint #11, #12..#21, checkpoint #22, #23..#32, checkpoint
 * #33, #34..#38.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { chainHashWithBody } from '../../../../gateway/audit/audit-chain';
import { headAnchorFile } from '../../../../gateway/audit/head-anchor';
import { verifyAuditLog } from '../../../../gateway/audit/verify-audit';
import { auditSandbox, entry, rehashFrom, shiftSeqs, tamper } from './audit-fixture';

let sandbox: ReturnType<typeof auditSandbox>;

beforeEach(() => {
  sandbox = auditSandbox();
  const store = sandbox.open({ checkpointEvery: 10 });
  for (let batch = 0; batch < 7; batch += 1) {
    store.append(Array.from({ length: 5 }, (_, i) => entry({ requestId: `r${batch}-${i}`, usccs: [`USCC-${batch}`, `USCC-${i}`] })));
  }
  expect(store.head().seq).toBe(38);
  store.close();
});

afterEach(() => sandbox.cleanup());

const verify = () => verifyAuditLog(sandbox.file, sandbox.keys.publicJwk);

function expectBroken(firstBadSeq: number, kind: string) {
  const result = verify();
  expect(result).toMatchObject({ ok: false, firstBadSeq });
  if (!result.ok) expect(result.problem).toMatch(new RegExp(`^${kind}`));
}

it('an untouched log verifies', () => {
  expect(verify()).toEqual({ ok: true, records: 35, checkpoints: 3, unanchored: 0 });
});

describe('EDITED', () => {
  it('a changed body', () => {
    tamper(sandbox.file, (db) => db.prepare("UPDATE audit_log SET body = replace(body, 'inspector', 'nobody') WHERE seq = 5").run());
    tamper(sandbox.file, (db) => db.prepare("UPDATE audit_log SET outcome = 'REJECTED' WHERE seq = 5").run());
    expectBroken(5, 'EDITED');
  });

  it('a changed column re-hashed (the next record no longer links to it)', () => {
    tamper(sandbox.file, (db) => {
      db.prepare("UPDATE audit_log SET consumer = 'someone-else' WHERE seq = 5").run();
      rehashFrom(db, 5, 5);
    });
    expectBroken(5, 'EDITED');
  });

  it('a change re-hashed through to the tail is caught by the next checkpoint, as a range', () => {
    tamper(sandbox.file, (db) => {
      db.prepare("UPDATE audit_log SET purpose = 'curiosity' WHERE seq = 5").run();
      rehashFrom(db, 5);
    });
    const result = verify();
    expect(result).toMatchObject({ ok: false, firstBadSeq: 1 });
    if (!result.ok) expect(result.problem).toMatch(/^EDITED: .*#1\.\.#10/);
  });

  it('a re-hashed change after the last checkpoint is caught by the head anchor', () => {
    tamper(sandbox.file, (db) => {
      db.prepare("UPDATE audit_log SET subject = 'x' WHERE seq = 36").run();
      rehashFrom(db, 36);
    });
    expectBroken(34, 'EDITED');
  });

  it('a uscc removed from the index table (hiding who was looked at)', () => {
    tamper(sandbox.file, (db) => db.prepare("DELETE FROM audit_uscc WHERE seq = 7 AND uscc = 'USCC-1'").run());
    expectBroken(7, 'EDITED');
  });
});

describe('DELETED/GAP', () => {
  it('a middle row deleted', () => {
    tamper(sandbox.file, (db) => db.prepare('DELETE FROM audit_log WHERE seq = 7').run());
    expectBroken(7, 'DELETED/GAP');
  });

  it('a middle row deleted and the rest renumbered', () => {
    tamper(sandbox.file, (db) => {
      db.prepare('DELETE FROM audit_log WHERE seq = 7').run();
      db.prepare('DELETE FROM audit_uscc WHERE seq = 7').run();
      shiftSeqs(db, 8, -1);
    });
    expectBroken(7, 'DELETED/GAP');
  });
});

describe('INSERTED', () => {
  function insertAt(seq: number, hash: (prevHash: string) => string) {
    tamper(sandbox.file, (db) => {
      shiftSeqs(db, seq, 1);
      const prevHash = db.prepare<[number], { hash: string }>('SELECT hash FROM audit_log WHERE seq = ?').get(seq - 1)!.hash;
      const forged = entry({ requestId: 'forged', consumer: 'moe-portal', usccs: [] });
      db.prepare('INSERT INTO audit_log (seq, time, type, request_id, consumer, subject, purpose, outcome, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        seq, forged.time, forged.type, forged.requestId, forged.consumer, forged.subject, forged.purpose, forged.outcome, JSON.stringify(forged.body), prevHash, hash(prevHash),
      );
      return forged;
    });
  }

  it('a forged row correctly chained to its predecessor, the rest renumbered', () => {
    const body = JSON.stringify(entry().body);
    insertAt(7, (prevHash) => chainHashWithBody(prevHash, 7, { ...entry({ requestId: 'forged', usccs: [] }) }, body));
    expectBroken(7, 'INSERTED');
  });

  it('a forged row with a made-up hash', () => {
    insertAt(7, () => 'f'.repeat(64));
    expectBroken(7, 'INSERTED');
  });
});

describe('REORDERED', () => {
  it('two rows swapped (all columns but seq)', () => {
    tamper(sandbox.file, (db) => {
      db.prepare('UPDATE audit_log SET seq = -1 WHERE seq = 5').run();
      db.prepare('UPDATE audit_log SET seq = 5 WHERE seq = 6').run();
      db.prepare('UPDATE audit_log SET seq = 6 WHERE seq = -1').run();
      db.prepare('UPDATE audit_uscc SET seq = -1 WHERE seq = 5').run();
      db.prepare('UPDATE audit_uscc SET seq = 5 WHERE seq = 6').run();
      db.prepare('UPDATE audit_uscc SET seq = 6 WHERE seq = -1').run();
    });
    expectBroken(5, 'REORDERED');
  });
});

describe('TRUNCATED', () => {
  it('the tail cut off', () => {
    tamper(sandbox.file, (db) => db.prepare('DELETE FROM audit_log WHERE seq > 36').run());
    expectBroken(37, 'TRUNCATED');
  });

  it('the tail cut off back past the last checkpoint', () => {
    tamper(sandbox.file, (db) => {
      db.prepare('DELETE FROM audit_log WHERE seq >= 30').run();
      db.prepare('DELETE FROM audit_uscc WHERE seq >= 30').run();
    });
    expectBroken(30, 'TRUNCATED');
  });

  it('the head anchor deleted', () => {
    rmSync(headAnchorFile(sandbox.file));
    expectBroken(34, 'TRUNCATED');
  });
});

describe('BAD_SIGNATURE', () => {
  it('a forged checkpoint signature, with the chain re-hashed after it', () => {
    tamper(sandbox.file, (db) => {
      const { body } = db.prepare<[], { body: string }>('SELECT body FROM audit_log WHERE seq = 22').get()!;
      const forged = { ...JSON.parse(body), signature: Buffer.alloc(64, 7).toString('base64url') };
      db.prepare('UPDATE audit_log SET body = ? WHERE seq = 22').run(JSON.stringify(forged));
      rehashFrom(db, 22);
    });
    expectBroken(22, 'BAD_SIGNATURE');
  });

  it('a head anchor re-signed with another key', () => {
    const anchorFile = headAnchorFile(sandbox.file);
    const anchor = JSON.parse(readFileSync(anchorFile, 'utf8'));
    writeFileSync(anchorFile, JSON.stringify({ ...anchor, seq: 36, signature: Buffer.alloc(64, 1).toString('base64url') }));
    expectBroken(34, 'BAD_SIGNATURE');
  });

  it('verifying with a key that is not the audit key', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const result = verifyAuditLog(sandbox.file, publicKey.export({ format: 'jwk' }));
    expect(result).toMatchObject({ ok: false, firstBadSeq: 11 });
  });
});
