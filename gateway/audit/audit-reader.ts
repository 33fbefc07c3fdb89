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

/**
 * One statement of the queries below, and how a reader runs it in its dialect. Placeholders are
 * numbered (`$1`, `?1`): a parameter may be used twice and in any order.
 */
export interface Statement {
  readonly sql: string;
  readonly params: readonly (string | number)[];
}
export type RunStatement = <R extends object>(statement: Statement) => Promise<R[]>;

// The two queries of the access log start from the operation records' own USCCs: an operation
// record has always carried every USCC its fetches asked about (the fetch records of older logs
// repeat them), so the index of operation records finds every access, and is read in seq order
// and cut off where the page or the period ends, whatever the log holds besides.

/**
 * An institution's access log, a page of it: authenticated operations that touched `uscc`, newest
 * first, older than `beforeSeq` when given. A page costs the same however often the institution
 * was read before it.
 */
export function readAccesses(run: RunStatement, uscc: string, beforeSeq: number | null, limit: number, columns: string, placeholder: (i: number) => string): Promise<AuditRow[]> {
  const params: (string | number)[] = [uscc, limit];
  const below = beforeSeq === null ? '' : ` AND u.seq < ${placeholder(params.push(beforeSeq))}`;
  return run<AuditRow>({
    sql: `SELECT ${columns} FROM audit_uscc u JOIN audit_log l ON l.seq = u.seq
          WHERE u.uscc = ${placeholder(1)}${below} AND l.type = 'operation' AND l.consumer IS NOT NULL
          ORDER BY u.seq DESC LIMIT ${placeholder(2)}`,
    params,
  });
}

/**
 * How far out of time order two records' seqs may be: a record is stamped by the gateway that
 * answers the request and appended before the answer leaves, so only the replicas' clocks and a
 * request's own duration separate its time from its place in the log. A day is far beyond both.
 */
const RECORD_ORDER_SLACK_MS = 86_400_000;

/**
 * Anonymous reads of an institution's data per Beijing day, from the start of the Beijing day
 * `sinceDay`. Only the period's records are read, and a day before it: the first operation
 * recorded a day before the period (one step in the time index) gives the seq the uscc index is
 * read from. Hours are counted in SQL (records carry UTC times) and folded into Beijing days here,
 * without date arithmetic that differs between SQLite and PostgreSQL.
 */
export async function readAnonymousByDay(run: RunStatement, uscc: string, sinceDay: string, placeholder: (i: number) => string): Promise<{ day: string; reads: number }[]> {
  const since = chinaDayStart(sinceDay);
  const hours = await run<{ hour: string; reads: number | string }>({
    sql: `SELECT substr(l.time, 1, 13) AS hour, count(*) AS reads FROM audit_uscc u JOIN audit_log l ON l.seq = u.seq
          WHERE u.uscc = ${placeholder(1)}
            AND u.seq >= (SELECT s.seq FROM audit_log s WHERE s.type = 'operation' AND s.time >= ${placeholder(3)} ORDER BY s.time LIMIT 1)
            AND l.type = 'operation' AND l.consumer IS NULL AND l.subject IS NULL AND l.time >= ${placeholder(2)}
          GROUP BY substr(l.time, 1, 13)`,
    params: [uscc, since, new Date(Date.parse(since) - RECORD_ORDER_SLACK_MS).toISOString()],
  });
  return chinaDays(hours);
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
