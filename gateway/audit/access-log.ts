import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

/** One operation that touched an institution's data, as the institution may see it: no officer, no client address. */
export interface AccessRecord {
  readonly seq: number;
  readonly time: string;
  readonly requestId: string;
  readonly consumer: string;
  readonly purpose: string | null;
  readonly outcome: string;
  readonly operationType: string | null;
  readonly fieldsServed: readonly string[];
  /** The officer (`sub`); read only where the access-log rules say the law requires it (policies/access-log.json). */
  readonly subject: string | null;
}

/**
 * The audit log as the institutions' "who looked at my data" reads it. Read only; answered from
 * the uscc index. The storage developer's AuditReader (SQLite and PostgreSQL) is where these two
 * methods belong once it is on main; until then this is the SQLite one.
 */
export interface AccessLogReader {
  /** Authenticated operations that touched `uscc`, newest first, older than `beforeSeq` when given. */
  accessesTo(uscc: string, beforeSeq: number | null, limit: number): Promise<AccessRecord[]>;
  /** Anonymous operations that touched `uscc`, counted per day (UTC date of the record), from `sinceDay` on, newest first. */
  anonymousReadsByDay(uscc: string, sinceDay: string): Promise<{ day: string; reads: number }[]>;
  close(): Promise<void>;
}

/** Operation records that touched a uscc (a hit on a fetch record leads to its operation), as in `audit query`. */
const TOUCHING = `(SELECT DISTINCT CASE WHEN f.type = 'operation' THEN f.seq
                     ELSE (SELECT o.seq FROM audit_log o WHERE o.seq < f.seq AND o.type = 'operation' ORDER BY o.seq DESC LIMIT 1) END AS op_seq
                   FROM audit_uscc u JOIN audit_log f ON f.seq = u.seq WHERE u.uscc = @uscc) hit
                  JOIN audit_log l ON l.seq = hit.op_seq`;

export function openSqliteAccessLog(file: string): AccessLogReader {
  let db: Database.Database | null = null;
  // Opened on first use: the gateway's audit worker creates the file at start-up.
  const connection = (): Database.Database => {
    if (!db) {
      if (!existsSync(file)) throw new Error(`no audit database at ${file}`);
      db = new Database(file, { readonly: true, fileMustExist: true });
    }
    return db;
  };
  return {
    async accessesTo(uscc, beforeSeq, limit) {
      const rows = connection().prepare(
        `SELECT l.seq, l.time, l.request_id AS requestId, l.consumer, l.subject, l.purpose, l.outcome, l.body FROM ${TOUCHING}
         WHERE l.type = 'operation' AND l.consumer IS NOT NULL AND (@before IS NULL OR l.seq < @before)
         ORDER BY l.seq DESC LIMIT @limit`,
      ).all({ uscc, before: beforeSeq, limit }) as { seq: number; time: string; requestId: string; consumer: string; subject: string | null; purpose: string | null; outcome: string; body: string }[];
      return rows.map((r) => {
        const body = JSON.parse(r.body) as { operationType?: string | null; fieldsServed?: string[] };
        return {
          seq: r.seq, time: r.time, requestId: r.requestId, consumer: r.consumer, purpose: r.purpose, outcome: r.outcome,
          operationType: body.operationType ?? null, fieldsServed: body.fieldsServed ?? [], subject: r.subject,
        };
      });
    },
    async anonymousReadsByDay(uscc, sinceDay) {
      return connection().prepare(
        `SELECT substr(l.time, 1, 10) AS day, count(*) AS reads FROM ${TOUCHING}
         WHERE l.type = 'operation' AND l.consumer IS NULL AND l.subject IS NULL AND l.time >= @since
         GROUP BY day ORDER BY day DESC`,
      ).all({ uscc, since: sinceDay }) as { day: string; reads: number }[];
    },
    async close() {
      db?.close();
      db = null;
    },
  };
}
