import type { JsonWebKey } from 'node:crypto';
import { GENESIS_HASH, chainHashWithBody } from './audit-chain';
import type { CheckpointBody } from './audit-entry';
import type { AuditLocation } from './audit-location';
import type { AuditReader } from './audit-reader';
import { rowContent, type AuditRow } from './audit-row';
import { checkpointPayload, createAuditVerifier, type AuditVerifier } from './audit-signer';
import { verifyHeadAnchor, type HeadAnchor } from './head-anchor';
import { openAuditReader } from './open-audit-reader';

export type VerifyResult =
  | {
      readonly ok: true;
      /** Records other than checkpoints. */
      readonly records: number;
      readonly checkpoints: number;
      /** Records after the head anchor: committed just before a crash, not yet covered by a signature. */
      readonly unanchored: number;
    }
  | { readonly ok: false; readonly firstBadSeq: number; readonly problem: string };

/** How far from its position the diagnosis looks for where a moved record was written. */
const SEARCH_WINDOW = 1000;

type Failure =
  | { readonly kind: 'gap'; readonly row: AuditRow }
  | { readonly kind: 'chain'; readonly row: AuditRow }
  | { readonly kind: 'signature'; readonly row: AuditRow; readonly problem: string; readonly firstBadSeq: number };

/**
 * Recomputes the whole chain of the audit log at `location` (SQLite or PostgreSQL): seq contiguous from 1, every prevHash
 * the previous record's hash, every hash recomputed from the stored columns, every checkpoint
 * signed by the audit key over the record before it, and the signed head anchor at or behind the
 * tail and matching it. On the first failure it names the record and, as well as the evidence
 * allows, the kind of tampering: EDITED, DELETED/GAP, INSERTED, REORDERED, TRUNCATED, BAD_SIGNATURE.
 */
export async function verifyAuditLog(location: AuditLocation, publicJwk: JsonWebKey | readonly JsonWebKey[]): Promise<VerifyResult> {
  const verifier = createAuditVerifier(publicJwk);
  const db = await openAuditReader(location);
  const anchorFile = db.anchorLocation;
  let anchor: HeadAnchor | null;
  let anchorProblem: string | null = null;
  try {
    anchor = await db.readAnchor();
  } catch (error) {
    anchor = null;
    anchorProblem = `BAD_SIGNATURE: head anchor ${anchorFile} is unreadable (${(error as Error).message})`;
  }
  try {
    let expected = 1;
    let prevHash = GENESIS_HASH;
    let records = 0;
    let checkpoints = 0;
    let lastCheckpointSeq = 0;
    let anchoredHash: string | undefined = anchor?.seq === 0 ? GENESIS_HASH : undefined;
    let failure: Failure | null = null;
    // Nothing else may run on the connection while iterating, so the loop only finds the first
    // failure; the diagnosis queries afterwards.
    for await (const row of db.rows()) {
      if (row.seq !== expected) {
        failure = { kind: 'gap', row };
        break;
      }
      if (row.prev_hash !== prevHash || hashAt(row, row.seq) !== row.hash) {
        failure = { kind: 'chain', row };
        break;
      }
      if (row.type === 'checkpoint') {
        const problem = checkpointProblem(row, prevHash, verifier, lastCheckpointSeq);
        if (problem) {
          failure = { kind: 'signature', row, problem, firstBadSeq: problem.startsWith('EDITED') ? lastCheckpointSeq + 1 : row.seq };
          break;
        }
        checkpoints += 1;
        lastCheckpointSeq = row.seq;
      } else {
        records += 1;
      }
      if (anchor && row.seq === anchor.seq) anchoredHash = row.hash;
      prevHash = row.hash;
      expected += 1;
    }
    if (failure) return await diagnose(db, failure, expected, prevHash);

    const last = expected - 1;
    const unvouched = lastCheckpointSeq + 1;
    if (anchorProblem) return { ok: false, firstBadSeq: unvouched, problem: anchorProblem };
    if (!anchor) {
      if (last > 0) {
        return { ok: false, firstBadSeq: unvouched, problem: `TRUNCATED?: head anchor ${anchorFile} is missing, so nothing shows whether records after #${last} were removed; records from #${unvouched} on are covered by no signature` };
      }
    } else {
      if (!verifyHeadAnchor(verifier, anchor)) {
        return { ok: false, firstBadSeq: unvouched, problem: `BAD_SIGNATURE: head anchor ${anchorFile} (seq ${anchor.seq}) is not signed by the audit key` };
      }
      if (anchor.seq > last) {
        return { ok: false, firstBadSeq: last + 1, problem: `TRUNCATED: the log ends at #${last} but its signed head anchor is at #${anchor.seq}: records #${last + 1}..#${anchor.seq} were removed` };
      }
      if (anchoredHash !== anchor.hash) {
        const from = Math.min(unvouched, anchor.seq);
        return { ok: false, firstBadSeq: from, problem: `EDITED: record #${anchor.seq} differs from the signed head anchor: a record in #${from}..#${anchor.seq} was altered and the chain re-hashed after it` };
      }
    }
    const orphan = await db.firstOrphanUsccSeq();
    if (orphan !== null) {
      return orphan > last
        ? { ok: false, firstBadSeq: orphan, problem: `TRUNCATED: usccs of record #${orphan} remain in audit_uscc but the record is gone` }
        : { ok: false, firstBadSeq: orphan, problem: `EDITED: audit_uscc holds usccs for #${orphan}, which is not a record` };
    }
    return { ok: true, records, checkpoints, unanchored: anchor ? last - anchor.seq : 0 };
  } finally {
    await db.close();
  }
}

/** The hash the row would have had, had it been written as record `seq` after its own prevHash. */
function hashAt(row: AuditRow, seq: number): string {
  return chainHashWithBody(row.prev_hash, seq, rowContent(row), row.body);
}

function checkpointProblem(row: AuditRow, prevHash: string, verifier: AuditVerifier, previousCheckpoint: number): string | null {
  let body: Partial<CheckpointBody>;
  try {
    body = JSON.parse(row.body) as Partial<CheckpointBody>;
  } catch {
    return `BAD_SIGNATURE: checkpoint #${row.seq} has no readable body`;
  }
  const signed = typeof body.signature === 'string' && typeof body.kid === 'string' && Number.isSafeInteger(body.signedSeq) && typeof body.signedHash === 'string' &&
    verifier.verify(checkpointPayload(body.signedSeq as number, body.signedHash), body.signature, body.kid);
  if (!signed) return `BAD_SIGNATURE: checkpoint #${row.seq} is not signed by the audit key`;
  if (body.signedSeq === row.seq - 1 && body.signedHash !== prevHash) {
    // A genuine signature over a different #seq-1: the records it covers were rewritten and the
    // chain re-hashed consistently. Which one changed is lost; the range is what the signature proves.
    return `EDITED: checkpoint #${row.seq} signed a different #${row.seq - 1}: a record in #${previousCheckpoint + 1}..#${row.seq - 1} was altered and the chain re-hashed`;
  }
  if (body.signedSeq !== row.seq - 1) return `BAD_SIGNATURE: checkpoint #${row.seq} carries the signature of #${String(body.signedSeq)}, not of the record before it`;
  return null;
}

/** The seq this row was written as: its own if intact, else the nearby seq its hash matches, else null. */
function writtenAs(row: AuditRow): number | null {
  if (hashAt(row, row.seq) === row.hash) return row.seq;
  const content = rowContent(row);
  for (let d = 1; d <= SEARCH_WINDOW; d += 1) {
    for (const seq of [row.seq - d, row.seq + d]) {
      if (seq >= 1 && chainHashWithBody(row.prev_hash, seq, content, row.body) === row.hash) return seq;
    }
  }
  return null;
}

async function diagnose(db: AuditReader, failure: Failure, expected: number, prevHash: string): Promise<VerifyResult & { ok: false }> {
  const { row } = failure;
  const at = expected;
  if (failure.kind === 'signature') return { ok: false, firstBadSeq: failure.firstBadSeq, problem: failure.problem };
  if (failure.kind === 'gap') {
    const range = row.seq - 1 === at ? `#${at} is` : `#${at}..#${row.seq - 1} are`;
    return { ok: false, firstBadSeq: at, problem: `DELETED/GAP: record ${range} missing (the log jumps from #${at - 1} to #${row.seq})` };
  }
  const original = writtenAs(row);

  if (original === at) {
    // This record is intact, so the one before it is not the one it was chained to.
    if (at === 1) return { ok: false, firstBadSeq: 1, problem: 'EDITED: record #1 is intact but not chained to the genesis hash (its prevHash was altered)' };
    const holder = await db.seqOfHash(row.prev_hash);
    return holder !== undefined
      ? { ok: false, firstBadSeq: at - 1, problem: `REORDERED: record #${at} was chained to the record now at #${holder}, not to #${at - 1}` }
      : { ok: false, firstBadSeq: at - 1, problem: `EDITED: record #${at - 1} was altered and re-hashed: #${at} was chained to a different version of it` };
  }
  if (original !== null && original < at) {
    const count = at - original;
    return { ok: false, firstBadSeq: original, problem: `INSERTED: ${count} record(s) at #${original}${count > 1 ? `..#${at - 1}` : ''} were not written by the gateway (#${at} was written as #${original})` };
  }
  if (original !== null && original > at) {
    // Records written as #at..#original-1 are not here. Moved further down, or gone?
    for (const later of await db.rowsAfter(at, SEARCH_WINDOW)) {
      if (hashAt(later, at) === later.hash) {
        return { ok: false, firstBadSeq: at, problem: `REORDERED: the record written as #${at} is at #${later.seq}, and #${at} holds the one written as #${original}` };
      }
    }
    const range = original - 1 === at ? `#${at} was` : `#${at}..#${original - 1} were`;
    return { ok: false, firstBadSeq: at, problem: `DELETED/GAP: record ${range} deleted and the later records renumbered (#${at} was written as #${original})` };
  }
  // Not intact at any nearby position. A forged row slipped in front of an intact one?
  const next = await db.rowAt(at + 1);
  if (next && next.prev_hash === prevHash && writtenAs(next) === at) {
    return { ok: false, firstBadSeq: at, problem: `INSERTED: record #${at} was not written by the gateway (#${at + 1} was written as #${at})` };
  }
  return {
    ok: false,
    firstBadSeq: at,
    problem: row.prev_hash === prevHash
      ? `EDITED: record #${at} does not match its hash (its content or hash was altered)`
      : `EDITED: record #${at} was altered (its prevHash no longer links to #${at - 1} and its hash does not match)`,
  };
}
