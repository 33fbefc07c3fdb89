import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { operationsSql, readAccesses, readAnonymousByDay, type AuditReader, type RunStatement, type Statement } from './audit-reader';
import { AUDIT_ROW_COLUMNS, type AuditRow } from './audit-row';
import { headAnchorFile, readHeadAnchor } from './head-anchor';

/** Reads the SQLite audit log read-only: verifying must not change the evidence (SQLite still replays a crashed writer's WAL). */
export function openSqliteAuditReader(file: string): AuditReader {
  if (!existsSync(file)) throw new Error(`no audit database at ${file}`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const anchorFile = headAnchorFile(file);
  // Numbered placeholders (?1) bind by number from an object.
  const run: RunStatement = async <R extends object>({ sql, params }: Statement) =>
    db.prepare<[Record<number, string | number>], R>(sql).all(Object.fromEntries(params.map((value, i) => [i + 1, value])));
  const numbered = (i: number) => `?${i}`;
  return {
    anchorLocation: anchorFile,
    readAnchor: async () => readHeadAnchor(anchorFile),
    async *rows() {
      yield* db.prepare<[], AuditRow>(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit_log l ORDER BY l.seq`).iterate();
    },
    rowAt: async (seq) => db.prepare<[number], AuditRow>(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit_log l WHERE l.seq = ?`).get(seq),
    rowsAfter: async (seq, limit) => db.prepare<[number, number], AuditRow>(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit_log l WHERE l.seq > ? ORDER BY l.seq LIMIT ?`).all(seq, limit),
    seqOfHash: async (hash) => db.prepare<[string], { seq: number }>('SELECT seq FROM audit_log WHERE hash = ? LIMIT 1').get(hash)?.seq,
    firstOrphanUsccSeq: async () =>
      db.prepare<[], { seq: number | null }>('SELECT min(u.seq) AS seq FROM audit_uscc u LEFT JOIN audit_log l ON l.seq = u.seq WHERE l.seq IS NULL').get()?.seq ?? null,
    async operations(query, limit) {
      const { sql, params } = operationsSql(query, limit, AUDIT_ROW_COLUMNS, () => '?');
      return db.prepare<(string | number)[], AuditRow>(sql).all(...params);
    },
    accessesTo: (uscc, beforeSeq, limit) => readAccesses(run, uscc, beforeSeq, limit, AUDIT_ROW_COLUMNS, numbered),
    anonymousReadsByDay: (uscc, sinceDay) => readAnonymousByDay(run, uscc, sinceDay, numbered),
    close: async () => void db.close(),
  };
}
