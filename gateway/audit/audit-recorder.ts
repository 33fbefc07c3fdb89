import type { AuditEntry } from './audit-entry';

/** What the request pipeline needs of the audit: record these entries, resolve once they are durable. */
export interface AuditRecorder {
  record(entries: readonly AuditEntry[]): Promise<void>;
}
