/**
 * The shapes of the audit log. An `AuditEntry` is what the gateway asks to record; a
 * `StoredRecord` is what the log holds once the entry has its place in the hash chain. Every field
 * the chain hashes is listed here, so nothing that matters to an investigation lives outside it.
 */

/**
 * One 'operation' per GraphQL request, its subgraph fetches in its body. 'fetch' records, one per
 * subgraph call with the operation's requestId, are what gateways wrote before 2026-12-01: logs
 * that hold them still verify and answer queries.
 */
export type AuditEntryType = 'operation' | 'fetch';

export interface AuditEntry {
  readonly type: AuditEntryType;
  /** When it happened, exactly as `Date.prototype.toISOString()` writes it (so text order = time order). */
  readonly time: string;
  readonly requestId: string;
  /** Who asked: the consumer (system), the subject (person or operator) and the declared purpose. */
  readonly consumer: string | null;
  readonly subject: string | null;
  readonly purpose: string | null;
  /** Which institutions the request touched; kept as a sorted set, indexed for `query --uscc`. */
  readonly usccs: readonly string[];
  readonly outcome: string;
  /** The rest: operation name/hash, fields served/denied with reasons, subgraph hashes, duration... */
  readonly body: Readonly<Record<string, unknown>>;
}

/** What a checkpoint signs: the record just before it, with the gateway's audit key. */
export interface CheckpointBody {
  readonly signedSeq: number;
  readonly signedHash: string;
  readonly alg: string;
  readonly kid: string;
  /** base64url JWS-style signature (raw r||s for ES256) over `checkpointPayload(signedSeq, signedHash)`. */
  readonly signature: string;
}

/** A checkpoint is a chained record like any other, so deleting or moving one breaks the chain too. */
export interface CheckpointContent {
  readonly type: 'checkpoint';
  readonly time: string;
  readonly requestId: '';
  readonly consumer: null;
  readonly subject: null;
  readonly purpose: null;
  readonly usccs: readonly [];
  readonly outcome: 'signed';
  readonly body: CheckpointBody;
}

/** Everything the chain hash covers except the position (`seq`) and the link (`prevHash`). */
export type RecordContent = AuditEntry | CheckpointContent;

export interface ChainFields {
  /** 1, 2, 3... without gaps. */
  readonly seq: number;
  /** `hash` of record seq-1; 64 zeros for record 1. */
  readonly prevHash: string;
  /** `chainHash(prevHash, seq, content)`. */
  readonly hash: string;
}

export type StoredEntryRecord = AuditEntry & ChainFields;
export type CheckpointRecord = CheckpointContent & ChainFields;
export type StoredRecord = StoredEntryRecord | CheckpointRecord;
