import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { StoredEntryRecord } from './audit-entry';
import { AUDIT_ROW_COLUMNS, rowToRecord, type AuditRow } from './audit-row';

export interface AuditQuery {
  /** Requests that touched this institution (in the operation record or any of its fetches). */
  readonly uscc?: string;
  readonly consumer?: string;
  /** ISO time or anything Date.parse reads; records at or after it. */
  readonly since?: string;
}

/** An operation record and how many subgraph fetches it made (fetch records with its requestId). */
export type AuditQueryResult = StoredEntryRecord & { readonly fetches: number };

/**
 * Who saw what, when and why: operation records matching every given filter, newest first. Read
 * only; it answers from the indexes (uscc → seq, consumer, time) and does not verify the chain.
 */
export function queryAuditLog(file: string, query: AuditQuery, limit = 100): AuditQueryResult[] {
  if (!existsSync(file)) throw new Error(`no audit database at ${file}`);
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const where = ["l.type = 'operation'"];
  const params: (string | number)[] = [];
  let from = 'audit_log l';
  if (query.uscc !== undefined) {
    // Start from the uscc index. A hit on a fetch record leads to its operation: the nearest
    // operation record before it, which the same record() call wrote (same request id).
    from = `(SELECT DISTINCT f.request_id AS request_id,
               CASE WHEN f.type = 'operation' THEN f.seq
                    ELSE (SELECT o.seq FROM audit_log o WHERE o.seq < f.seq AND o.type = 'operation' ORDER BY o.seq DESC LIMIT 1) END AS op_seq
             FROM audit_uscc u JOIN audit_log f ON f.seq = u.seq WHERE u.uscc = ?) hit
            JOIN audit_log l ON l.seq = hit.op_seq AND l.request_id = hit.request_id`;
    params.push(query.uscc);
  }
  if (query.consumer !== undefined) {
    where.push('l.consumer = ?');
    params.push(query.consumer);
  }
  if (query.since !== undefined) {
    const since = Date.parse(query.since);
    if (Number.isNaN(since)) throw new RangeError(`since must be a date or ISO time, got ${JSON.stringify(query.since)}`);
    // Stored times are toISOString() text, so text order is time order.
    where.push('l.time >= ?');
    params.push(new Date(since).toISOString());
  }
  params.push(limit);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare<(string | number)[], AuditRow & { fetches: number }>(
        // A request's fetch records directly follow its operation record: count them up to the next
        // record of another kind, a short rowid range, so the query stays cheap on a large log.
        `SELECT ${AUDIT_ROW_COLUMNS},
           (SELECT count(*) FROM audit_log x
             WHERE x.seq > l.seq
               AND x.seq < COALESCE((SELECT n.seq FROM audit_log n WHERE n.seq > l.seq AND n.type != 'fetch' ORDER BY n.seq LIMIT 1), ${Number.MAX_SAFE_INTEGER})
               AND x.request_id = l.request_id AND x.type = 'fetch') AS fetches
         FROM ${from} WHERE ${where.join(' AND ')} ORDER BY l.seq DESC LIMIT ?`,
      )
      .all(...params);
    return rows.map((row) => ({ ...(rowToRecord(row) as StoredEntryRecord), fetches: row.fetches }));
  } finally {
    db.close();
  }
}
