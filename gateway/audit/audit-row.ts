import type { RecordContent, StoredRecord } from './audit-entry';

/** One audit_log row with its usccs gathered from audit_uscc (as a JSON array, sorted). */
export interface AuditRow {
  readonly seq: number;
  readonly time: string;
  readonly type: string;
  readonly request_id: string;
  readonly consumer: string | null;
  readonly subject: string | null;
  readonly purpose: string | null;
  readonly outcome: string;
  readonly body: string;
  readonly prev_hash: string;
  readonly hash: string;
  readonly usccs: string;
}

/** The SQLite select list that yields an AuditRow from `audit_log l` (PostgreSQL's is in postgres-audit-reader.ts). */
export const AUDIT_ROW_COLUMNS =
  'l.seq, l.time, l.type, l.request_id, l.consumer, l.subject, l.purpose, l.outcome, l.body, l.prev_hash, l.hash, ' +
  "(SELECT json_group_array(uscc) FROM (SELECT uscc FROM audit_uscc u WHERE u.seq = l.seq ORDER BY uscc)) AS usccs";

/** The hashed content as the row holds it; the body stays text (the hash covers that exact text). */
export function rowContent(row: AuditRow): RecordContent {
  // Sorted again in JS: SQLite's byte order and JS's UTF-16 order differ outside the BMP.
  const usccs = (JSON.parse(row.usccs) as string[]).sort();
  return {
    type: row.type,
    time: row.time,
    requestId: row.request_id,
    consumer: row.consumer,
    subject: row.subject,
    purpose: row.purpose,
    usccs,
    outcome: row.outcome,
    body: {},
  } as unknown as RecordContent;
}

export function rowToRecord(row: AuditRow): StoredRecord {
  return { ...rowContent(row), body: JSON.parse(row.body) as Record<string, unknown>, seq: row.seq, prevHash: row.prev_hash, hash: row.hash } as StoredRecord;
}
