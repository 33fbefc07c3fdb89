import { chinaDayStart, chinaToday } from '../../common/china-day';
import type { AuditRow } from './audit-row';
import type { HeadAnchor } from './head-anchor';

/** Filters of `audit query`. */
export interface AuditQuery {
  /** Requests that touched this institution. */
  readonly uscc?: string;
  readonly consumer?: string;
  /** toISOString() form; records at or after it. */
  readonly since?: string;
}

/**
 * Read-only access to one audit log, whatever holds it: what `audit verify` and `audit query`
 * need, as the database's own queries. Rows come as AuditRow (usccs a JSON array), so the checks
 * above this interface are the same for every backend.
 */
export interface AuditReader {
  /** Where the head anchor is, for messages (a file, or the audit_head row). */
  readonly anchorLocation: string;
  /** The signed head anchor; null when there is none; throws when it is not a well-formed anchor. */
  readAnchor(): Promise<HeadAnchor | null>;
  /** Every row in seq order. Stop iterating (break) before calling anything else. */
  rows(): AsyncIterable<AuditRow>;
  rowAt(seq: number): Promise<AuditRow | undefined>;
  rowsAfter(seq: number, limit: number): Promise<AuditRow[]>;
  seqOfHash(hash: string): Promise<number | undefined>;
  /** The smallest seq in audit_uscc that has no audit_log row, or null. */
  firstOrphanUsccSeq(): Promise<number | null>;
  /** Operation records matching every filter, newest first. */
  operations(query: AuditQuery, limit: number): Promise<AuditRow[]>;
  /** Authenticated operations that touched `uscc`, newest first, older than `beforeSeq` when given (an institution's access log). */
  accessesTo(uscc: string, beforeSeq: number | null, limit: number): Promise<AuditRow[]>;
  /** Anonymous operations that touched `uscc` per Beijing day, from the Beijing day `sinceDay` on, newest first. */
  anonymousReadsByDay(uscc: string, sinceDay: string): Promise<{ day: string; reads: number }[]>;
  close(): Promise<void>;
}

/**
 * Operation records touching a uscc: start from the uscc index. A hit on a fetch record (logs
 * written before 2026-12-01 hold one per subgraph call, some with their USCCs indexed) leads to its
 * operation, the nearest operation record before it, which the same record() call wrote.
 * `param` is the dialect's placeholder for the uscc.
 */
function usccHitsSql(param: string): string {
  return `(SELECT DISTINCT f.request_id AS request_id,
             CASE WHEN f.type = 'operation' THEN f.seq
                  ELSE (SELECT o.seq FROM audit_log o WHERE o.seq < f.seq AND o.type = 'operation' ORDER BY o.seq DESC LIMIT 1) END AS op_seq
           FROM audit_uscc u JOIN audit_log f ON f.seq = u.seq WHERE u.uscc = ${param}) hit
          JOIN audit_log l ON l.seq = hit.op_seq AND l.request_id = hit.request_id`;
}

/** The operations query in either dialect; `placeholder(i)` writes the i-th (1-based) parameter. */
export function operationsSql(query: AuditQuery, limit: number, columns: string, placeholder: (i: number) => string): { sql: string; params: (string | number)[] } {
  const where = ["l.type = 'operation'"];
  const params: (string | number)[] = [];
  let from = 'audit_log l';
  if (query.uscc !== undefined) {
    params.push(query.uscc);
    from = usccHitsSql(placeholder(params.length));
  }
  if (query.consumer !== undefined) {
    params.push(query.consumer);
    where.push(`l.consumer = ${placeholder(params.length)}`);
  }
  if (query.since !== undefined) {
    // Stored times are toISOString() text, so text order is time order.
    params.push(query.since);
    where.push(`l.time >= ${placeholder(params.length)}`);
  }
  params.push(limit);
  return {
    sql: `SELECT ${columns} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY l.seq DESC LIMIT ${placeholder(params.length)}`,
    params,
  };
}

/** The access-log query in either dialect. */
export function accessesSql(uscc: string, beforeSeq: number | null, limit: number, columns: string, placeholder: (i: number) => string): { sql: string; params: (string | number)[] } {
  const params: (string | number)[] = [uscc];
  const where = ["l.type = 'operation'", 'l.consumer IS NOT NULL'];
  if (beforeSeq !== null) {
    params.push(beforeSeq);
    where.push(`l.seq < ${placeholder(params.length)}`);
  }
  params.push(limit);
  return { sql: `SELECT ${columns} FROM ${usccHitsSql(placeholder(1))} WHERE ${where.join(' AND ')} ORDER BY l.seq DESC LIMIT ${placeholder(params.length)}`, params };
}

/**
 * Anonymous reads of an institution's data per UTC hour, in either dialect, from the start of the
 * Beijing day `sinceDay`: records carry UTC times, and hours fold into Beijing days (chinaDays)
 * without date arithmetic that differs between SQLite and PostgreSQL.
 */
export function anonymousByHourSql(uscc: string, sinceDay: string, placeholder: (i: number) => string): { sql: string; params: string[] } {
  return {
    sql: `SELECT substr(l.time, 1, 13) AS hour, count(*) AS reads FROM ${usccHitsSql(placeholder(1))}
          WHERE l.type = 'operation' AND l.consumer IS NULL AND l.subject IS NULL AND l.time >= ${placeholder(2)}
          GROUP BY substr(l.time, 1, 13)`,
    params: [uscc, chinaDayStart(sinceDay)],
  };
}

/** Hourly counts (`YYYY-MM-DDTHH`, UTC) summed per Beijing day, newest first. */
export function chinaDays(hours: readonly { hour: string; reads: number | string }[]): { day: string; reads: number }[] {
  const days = new Map<string, number>();
  for (const { hour, reads } of hours) {
    const day = chinaToday(`${hour}:00:00Z`);
    days.set(day, (days.get(day) ?? 0) + Number(reads));
  }
  return [...days].sort(([a], [b]) => (a < b ? 1 : -1)).map(([day, reads]) => ({ day, reads }));
}
