import { canonicalJson, chainHashWithBody } from './audit-chain';
import type { CheckpointContent, RecordContent } from './audit-entry';
import { checkpointPayload, type AuditSigner } from './audit-signer';
import type { NormalizedEntry } from './normalize-audit-entry';

/** The head of a chain: its last record, and how many records since the last checkpoint. */
export interface ChainState {
  readonly seq: number;
  readonly hash: string;
  /** Records since the last checkpoint (checkpoints only ever end a batch). */
  readonly unsigned: number;
}

/** One record with its place in the chain, ready to be written as one row. */
export interface ChainedRow {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly entry: RecordContent;
  readonly bodyJson: string;
}

/**
 * Chains a batch after `head`: each entry gets the next seq and its hash, and a signed checkpoint
 * follows the batch that brings the unsigned run to `checkpointEvery`. Every store writes exactly
 * these rows, so the chain is the same whatever the database.
 */
export function chainBatch(head: ChainState, items: readonly NormalizedEntry[], signer: AuditSigner, checkpointEvery: number): { rows: ChainedRow[]; head: ChainState } {
  const rows: ChainedRow[] = [];
  let { seq, hash, unsigned } = head;
  const add = (entry: RecordContent, bodyJson: string) => {
    const next = chainHashWithBody(hash, seq + 1, entry, bodyJson);
    rows.push({ seq: seq + 1, prevHash: hash, hash: next, entry, bodyJson });
    seq += 1;
    hash = next;
  };
  for (const item of items) add(item.entry, item.bodyJson);
  unsigned += items.length;
  if (unsigned >= checkpointEvery) {
    const body = { signedSeq: seq, signedHash: hash, alg: signer.alg, kid: signer.kid, signature: signer.sign(checkpointPayload(seq, hash)) };
    const checkpoint: CheckpointContent = {
      type: 'checkpoint', time: new Date().toISOString(), requestId: '', consumer: null, subject: null, purpose: null, usccs: [], outcome: 'signed', body,
    };
    add(checkpoint, canonicalJson(body));
    unsigned = 0;
  }
  return { rows, head: { seq, hash, unsigned } };
}

export function checkCheckpointEvery(checkpointEvery: number): number {
  if (!Number.isSafeInteger(checkpointEvery) || checkpointEvery < 1) throw new RangeError(`checkpointEvery must be a positive integer, got ${checkpointEvery}`);
  return checkpointEvery;
}
