import type { AuditLocation } from './audit-location';
import type { AuditReader } from './audit-reader';
import { openAuditReader } from './open-audit-reader';
import { openWorkerAuditReader, type AccessQueries } from './worker-audit-reader';

/** One operation that touched an institution's data, as the access log serves it (the route drops what the institution may not see). */
export interface AccessRecord {
  readonly seq: number;
  readonly time: string;
  readonly requestId: string;
  readonly consumer: string;
  readonly purpose: string | null;
  readonly outcome: string;
  readonly operationType: string | null;
  readonly fieldsServed: readonly string[];
  /** The officer (`sub`); shown only where the access-log rules say the law requires it (policies/access-log.json). */
  readonly subject: string | null;
}

/** The audit log as the institutions' "who looked at my data" reads it, over either audit backend. */
export interface AccessLogReader {
  accessesTo(uscc: string, beforeSeq: number | null, limit: number): Promise<AccessRecord[]>;
  anonymousReadsByDay(uscc: string, sinceDay: string): Promise<{ day: string; reads: number }[]>;
  close(): Promise<void>;
}

/**
 * Over SQLite, the queries run in a thread of their own (worker-audit-reader.ts), since that driver
 * reads synchronously; over PostgreSQL, on a connection opened on first use (the audit store makes
 * its tables at start-up), the audit's own AuditReader.
 */
export function openAccessLog(location: AuditLocation): AccessLogReader {
  const queries = location.kind === 'sqlite' ? openWorkerAuditReader(location.file) : openedOnFirstUse(location);
  return {
    async accessesTo(uscc, beforeSeq, limit) {
      const rows = await queries.accessesTo(uscc, beforeSeq, limit);
      return rows.map((r) => {
        const body = JSON.parse(r.body) as { operationType?: string | null; fieldsServed?: string[] };
        return {
          seq: Number(r.seq), time: r.time, requestId: r.request_id, consumer: r.consumer!, purpose: r.purpose, outcome: r.outcome,
          operationType: body.operationType ?? null, fieldsServed: body.fieldsServed ?? [], subject: r.subject,
        };
      });
    },
    anonymousReadsByDay: (uscc, sinceDay) => queries.anonymousReadsByDay(uscc, sinceDay),
    close: () => queries.close(),
  };
}

function openedOnFirstUse(location: AuditLocation): AccessQueries {
  let reader: Promise<AuditReader> | null = null;
  const connection = () => (reader ??= openAuditReader(location).catch((error: unknown) => {
    reader = null;
    throw error;
  }));
  return {
    accessesTo: async (uscc, beforeSeq, limit) => (await connection()).accessesTo(uscc, beforeSeq, limit),
    anonymousReadsByDay: async (uscc, sinceDay) => (await connection()).anonymousReadsByDay(uscc, sinceDay),
    async close() {
      const open = reader;
      reader = null;
      await (await open?.catch(() => null))?.close();
    },
  };
}
