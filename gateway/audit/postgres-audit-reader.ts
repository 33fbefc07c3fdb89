import { createPgPool } from '../../common/postgres/pg-pool';
import { operationsSql, readAccesses, readAnonymousByDay, type AuditReader, type RunStatement } from './audit-reader';
import type { AuditRow } from './audit-row';
import type { HeadAnchor } from './head-anchor';

/** AUDIT_ROW_COLUMNS in PostgreSQL: usccs gathered as a JSON array in byte order. */
export const POSTGRES_AUDIT_ROW_COLUMNS =
  'l.seq, l.time, l.type, l.request_id, l.consumer, l.subject, l.purpose, l.outcome, l.body, l.prev_hash, l.hash, ' +
  "(SELECT coalesce(json_agg(u.uscc ORDER BY u.uscc), '[]'::json)::text FROM audit_uscc u WHERE u.seq = l.seq) AS usccs";

/** Rows per page while reading the whole log (keyset pages on the primary key). */
const PAGE = 5000;

/** Reads the PostgreSQL audit log on a connection that refuses writes: verifying must not change the evidence. */
export async function openPostgresAuditReader(url: string): Promise<AuditReader> {
  const pool = createPgPool({ url, applicationName: 'edu-gateway-audit-cli', max: 1, statementTimeoutMs: 600_000, readOnly: true });
  const query = async <R extends object>(sql: string, params: unknown[] = []): Promise<R[]> => (await pool.query(sql, params)).rows as R[];
  const run: RunStatement = ({ sql, params }) => query(sql, [...params]);
  const numbered = (i: number) => `$${i}`;
  try {
    const [tables] = await query<{ log: string | null; head: string | null }>("SELECT to_regclass('audit_log')::text AS log, to_regclass('audit_head')::text AS head");
    if (!tables?.log || !tables.head) throw new Error('no audit log in this database (tables audit_log and audit_head are missing)');
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    anchorLocation: 'the audit_head row',
    async readAnchor() {
      const [row] = await query<HeadAnchor>('SELECT seq, hash, time, alg, kid, signature FROM audit_head');
      return row ?? null;
    },
    async *rows() {
      let after = 0;
      for (;;) {
        const page = await query<AuditRow>(`SELECT ${POSTGRES_AUDIT_ROW_COLUMNS} FROM audit_log l WHERE l.seq > $1 ORDER BY l.seq LIMIT ${PAGE}`, [after]);
        yield* page;
        if (page.length < PAGE) return;
        after = (page[page.length - 1] as AuditRow).seq;
      }
    },
    rowAt: async (seq) => (await query<AuditRow>(`SELECT ${POSTGRES_AUDIT_ROW_COLUMNS} FROM audit_log l WHERE l.seq = $1`, [seq]))[0],
    rowsAfter: (seq, limit) => query<AuditRow>(`SELECT ${POSTGRES_AUDIT_ROW_COLUMNS} FROM audit_log l WHERE l.seq > $1 ORDER BY l.seq LIMIT $2`, [seq, limit]),
    seqOfHash: async (hash) => (await query<{ seq: number }>('SELECT seq FROM audit_log WHERE hash = $1 LIMIT 1', [hash]))[0]?.seq,
    firstOrphanUsccSeq: async () =>
      (await query<{ seq: number | null }>('SELECT min(u.seq) AS seq FROM audit_uscc u LEFT JOIN audit_log l ON l.seq = u.seq WHERE l.seq IS NULL'))[0]?.seq ?? null,
    async operations(filter, limit) {
      const { sql, params } = operationsSql(filter, limit, POSTGRES_AUDIT_ROW_COLUMNS, numbered);
      return query<AuditRow>(sql, params);
    },
    accessesTo: (uscc, beforeSeq, limit) => readAccesses(run, uscc, beforeSeq, limit, POSTGRES_AUDIT_ROW_COLUMNS, numbered),
    anonymousReadsByDay: (uscc, sinceDay) => readAnonymousByDay(run, uscc, sinceDay, numbered),
    close: () => pool.end(),
  };
}
