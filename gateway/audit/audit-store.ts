import type { AuditEntry } from './audit-entry';

/**
 * Where the audit log lives. SQLite is the embedded default (sqlite-audit-store.ts); a PostgreSQL
 * store can implement the same contract, which is all the group committer (audit-log.ts) relies on.
 */
export interface AuditStore {
  /**
   * Appends the entries in order, chained after the current head, as ONE unit: when it returns
   * (or its promise resolves) every entry is durable; when it throws (or rejects) none was written
   * and the head is unchanged. Calls must not overlap; AuditLog guarantees that.
   */
  append(entries: readonly AuditEntry[]): void | Promise<void>;
  /** The last committed record (seq 0 and 64 zeros for an empty log). */
  head(): { seq: number; hash: string };
  close(): void;
}
