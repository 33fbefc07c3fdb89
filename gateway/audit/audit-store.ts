import type { AuditEntry } from './audit-entry';
import type { NormalizedEntry } from './normalize-audit-entry';

/**
 * Where the audit log lives: SQLite (sqlite-audit-store.ts, the embedded default) or PostgreSQL
 * (postgres-audit-store.ts). The group committer (audit-log.ts) relies on this contract only.
 */
export interface AuditStore {
  /**
   * Appends the entries in order, chained after the current head, as ONE unit: when it returns
   * (or its promise resolves) every entry is durable; when it throws (or rejects) none was written
   * and the head is unchanged. Calls must not overlap; AuditLog guarantees that.
   */
  append(entries: readonly AuditEntry[]): void | Promise<void>;
  /**
   * The same, for entries the caller has already checked and put in stored form (the group
   * committer does, per caller); `append` is `appendNormalized(entries.map(normalizeAuditEntry))`.
   */
  appendNormalized(items: readonly NormalizedEntry[]): void | Promise<void>;
  /** The last record this store committed (seq 0 and 64 zeros for an empty log). */
  head(): { seq: number; hash: string };
  /** Finishes the store's work (the head anchor re-signed over the last commit) and releases it. */
  close(): void | Promise<void>;
}

/** The store will not append to a log whose tail disagrees with its signed head anchor. */
export class AuditLogTamperedError extends Error {
  readonly code = 'ERR_AUDIT_LOG_TAMPERED';
  constructor(message: string) {
    super(`${message}; run \`npm run audit -- verify\` and investigate before the gateway may append again`);
    this.name = 'AuditLogTamperedError';
  }
}
