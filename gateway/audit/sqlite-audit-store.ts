import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { GENESIS_HASH } from './audit-chain';
import { chainBatch, checkCheckpointEvery, type ChainState } from './audit-batch';
import type { AuditSigner } from './audit-signer';
import { AuditLogTamperedError, type AuditStore } from './audit-store';
import { headAnchorFile, readHeadAnchor, signHeadAnchor, writeHeadAnchor } from './head-anchor';
import { normalizeAuditEntry, type NormalizedEntry } from './normalize-audit-entry';

export interface SqliteAuditStoreOptions {
  /** A signed checkpoint record follows the batch that brings the unsigned run to this many. Default 1000. */
  readonly checkpointEvery?: number;
  /**
   * Open even though records exist and the head anchor is missing. Only for an operator who has
   * run `audit verify` and accepts the current tail; the store otherwise refuses (fail closed).
   */
  readonly acceptUnanchoredTail?: boolean;
  /**
   * Re-sign the head anchor after a commit only when this many milliseconds have passed since the
   * last one; the caller then calls `writeAnchor()` when it is idle. Each anchor costs a signature
   * and an fsync, as much as the commit itself. Truncation of the records since the last anchor
   * is not detected. Default 0: after every commit.
   */
  readonly anchorEveryMs?: number;
}

export interface SqliteAuditStore extends AuditStore {
  readonly file: string;
  readonly anchorFile: string;
  /** Signs and writes the head anchor now if it lags the last commit (see `anchorEveryMs`). */
  writeAnchor(): void;
}

// seq is the rowid: appends go to the end of the b-tree. audit_uscc is WITHOUT ROWID keyed by
// (seq, uscc) so the verifier reads a record's usccs in key order; the other indexes serve
// `query --uscc / --consumer / --since`. Queries return operation records, so only those are
// indexed by consumer and time: the fetch records of older logs skip that upkeep, and need no
// request_id index because they directly follow their operation record (one record() call is one
// contiguous run of seqs).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_log (
  seq        INTEGER PRIMARY KEY,
  time       TEXT NOT NULL,
  type       TEXT NOT NULL,
  request_id TEXT NOT NULL,
  consumer   TEXT,
  subject    TEXT,
  purpose    TEXT,
  outcome    TEXT NOT NULL,
  body       TEXT NOT NULL,
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_uscc (
  seq  INTEGER NOT NULL,
  uscc TEXT NOT NULL,
  PRIMARY KEY (seq, uscc)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS audit_uscc_by_uscc ON audit_uscc (uscc, seq);
DROP INDEX IF EXISTS audit_log_by_consumer;
DROP INDEX IF EXISTS audit_log_by_time;
CREATE INDEX IF NOT EXISTS audit_operations_by_consumer ON audit_log (consumer, seq) WHERE type = 'operation';
CREATE INDEX IF NOT EXISTS audit_operations_by_time ON audit_log (time) WHERE type = 'operation';
DROP INDEX IF EXISTS audit_log_by_request;
`;

/**
 * The embedded audit store: one SQLite file in WAL mode with synchronous=FULL, so a transaction
 * that has committed survives kill -9 and power loss, and one that has not leaves no trace. Each
 * append is one transaction; the head anchor is re-signed after it.
 */
export function openSqliteAuditStore(file: string, signer: AuditSigner, options: SqliteAuditStoreOptions = {}): SqliteAuditStore {
  const checkpointEvery = checkCheckpointEvery(options.checkpointEvery ?? 1000);
  const anchorFile = headAnchorFile(file);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);

    const tailStatement = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const lastCheckpointStatement = db.prepare<[], { seq: number }>("SELECT seq FROM audit_log WHERE type = 'checkpoint' ORDER BY seq DESC LIMIT 1");
    const hashAtStatement = db.prepare<[number], { hash: string }>('SELECT hash FROM audit_log WHERE seq = ?');
    const insertLog = db.prepare(
      'INSERT INTO audit_log (seq, time, type, request_id, consumer, subject, purpose, outcome, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertUscc = db.prepare('INSERT INTO audit_uscc (seq, uscc) VALUES (?, ?)');

    const readState = (): ChainState => {
      const tail = tailStatement.get();
      if (!tail) return { seq: 0, hash: GENESIS_HASH, unsigned: 0 };
      return { seq: tail.seq, hash: tail.hash, unsigned: tail.seq - (lastCheckpointStatement.get()?.seq ?? 0) };
    };

    let state = readState();

    // Fail closed on a log that was cut or rewritten while the gateway was down: appending would
    // re-sign the shortened tail and erase the evidence.
    const anchor = readHeadAnchor(anchorFile);
    if (anchor) {
      if (anchor.seq > state.seq) throw new AuditLogTamperedError(`audit log ${file} ends at #${state.seq} but its head anchor was signed at #${anchor.seq} (TRUNCATED)`);
      const anchoredHash = anchor.seq === 0 ? GENESIS_HASH : hashAtStatement.get(anchor.seq)?.hash;
      if (anchoredHash !== anchor.hash) throw new AuditLogTamperedError(`audit log ${file} record #${anchor.seq} differs from its signed head anchor (EDITED)`);
    } else if (state.seq > 0 && !options.acceptUnanchoredTail) {
      throw new AuditLogTamperedError(`audit log ${file} holds ${state.seq} records but its head anchor ${anchorFile} is missing`);
    }
    if (!anchor || anchor.seq !== state.seq) writeHeadAnchor(anchorFile, signHeadAnchor(signer, state.seq, state.hash));

    const appendTransaction = db.transaction((items: readonly NormalizedEntry[]): ChainState => {
      // Chain from the in-memory head unless another process appended since (the IMMEDIATE
      // transaction holds the write lock, so this read is the true tail).
      const tail = tailStatement.get();
      const current = (tail?.seq ?? 0) === state.seq && (tail?.hash ?? GENESIS_HASH) === state.hash ? state : readState();
      const batch = chainBatch(current, items, signer, checkpointEvery);
      for (const { seq, prevHash, hash, entry, bodyJson } of batch.rows) {
        insertLog.run(seq, entry.time, entry.type, entry.requestId, entry.consumer, entry.subject, entry.purpose, entry.outcome, bodyJson, prevHash, hash);
        for (const uscc of entry.usccs) insertUscc.run(seq, uscc);
      }
      return batch.head;
    });

    let closed = false;
    let anchorWarned = false;
    let anchoredSeq = state.seq;
    let anchoredAt = Date.now();
    const anchorEveryMs = options.anchorEveryMs ?? 0;
    const writeAnchor = () => {
      if (anchoredSeq === state.seq) return;
      try {
        writeHeadAnchor(anchorFile, signHeadAnchor(signer, state.seq, state.hash));
        anchoredSeq = state.seq;
        anchoredAt = Date.now();
        anchorWarned = false;
      } catch (error) {
        // The records ARE committed, so this must not fail the callers; a stale anchor only
        // narrows what truncation detection covers until the next batch rewrites it.
        if (!anchorWarned) process.emitWarning(`audit head anchor ${anchorFile} not updated: ${(error as Error).message}`, 'AuditWarning');
        anchorWarned = true;
      }
    };
    return {
      file,
      anchorFile,
      append(entries) {
        // Validate and serialize everything before the transaction: a bad entry costs no rollback.
        this.appendNormalized(entries.map(normalizeAuditEntry));
      },
      appendNormalized(items) {
        if (closed) throw new Error('audit store is closed');
        if (items.length === 0) return;
        // Commits or throws; on a throw SQLite rolled back and `state` is still the last commit.
        state = appendTransaction.immediate(items);
        if (Date.now() - anchoredAt >= anchorEveryMs) writeAnchor();
      },
      writeAnchor,
      head() {
        return { seq: state.seq, hash: state.hash };
      },
      close() {
        if (closed) return;
        closed = true;
        writeAnchor();
        db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
