import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { headAnchorPayload, type AuditSigner, type AuditVerifier } from './audit-signer';

/**
 * The signed head anchor `<db>.head.json`: the last committed record's seq and hash, signed. A hash
 * chain alone cannot show that its tail was cut off (what is left still links up); the anchor,
 * rewritten after every commit, can: an anchor pointing past the last record means records were
 * removed. It is only ever written after the database commit, so a crash leaves it at or behind
 * the tail, never ahead of it.
 */
export interface HeadAnchor {
  readonly seq: number;
  readonly hash: string;
  readonly time: string;
  readonly alg: string;
  readonly kid: string;
  readonly signature: string;
}

export function headAnchorFile(databaseFile: string): string {
  return `${databaseFile}.head.json`;
}

export function signHeadAnchor(signer: AuditSigner, seq: number, hash: string): HeadAnchor {
  return { seq, hash, time: new Date().toISOString(), alg: signer.alg, kid: signer.kid, signature: signer.sign(headAnchorPayload(seq, hash)) };
}

export function verifyHeadAnchor(verifier: AuditVerifier, anchor: HeadAnchor): boolean {
  return verifier.verify(headAnchorPayload(anchor.seq, anchor.hash), anchor.signature, anchor.kid);
}

/** Temp file + fsync + rename: readers see the old anchor or the new one, never a torn one. */
export function writeHeadAnchor(file: string, anchor: HeadAnchor): void {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o644);
  try {
    writeSync(fd, `${JSON.stringify(anchor)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // The directory is not fsynced: after a power loss the anchor may be the previous one, which
  // is still at or behind the durable tail and so still verifies. Only the window shrinks.
  renameSync(temp, file);
}

/** null when there is no anchor; throws when there is one that is not a well-formed anchor. */
export function readHeadAnchor(file: string): HeadAnchor | null {
  if (!existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<HeadAnchor>;
  if (
    !Number.isSafeInteger(parsed.seq) || (parsed.seq as number) < 0 ||
    typeof parsed.hash !== 'string' || typeof parsed.signature !== 'string' ||
    typeof parsed.kid !== 'string' || typeof parsed.alg !== 'string'
  ) {
    throw new TypeError(`${file} is not a head anchor ({seq, hash, alg, kid, signature})`);
  }
  return parsed as HeadAnchor;
}
