import type { StoredEntryRecord } from './audit-entry';
import type { AuditLocation } from './audit-location';
import type { AuditQuery } from './audit-reader';
import { rowToRecord } from './audit-row';
import { openAuditReader } from './open-audit-reader';

export type { AuditQuery };

/** An operation record and how many subgraph fetches it made. */
export type AuditQueryResult = StoredEntryRecord & { readonly fetches: number };

/**
 * Who saw what, when and why: operation records matching every given filter, newest first. Read
 * only; it answers from the indexes (uscc → seq, consumer, time) and does not verify the chain.
 * `since` is an ISO time or anything Date.parse reads.
 */
export async function queryAuditLog(location: AuditLocation, query: AuditQuery, limit = 100): Promise<AuditQueryResult[]> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  let since: string | undefined;
  if (query.since !== undefined) {
    const time = Date.parse(query.since);
    if (Number.isNaN(time)) throw new RangeError(`since must be a date or ISO time, got ${JSON.stringify(query.since)}`);
    since = new Date(time).toISOString();
  }
  const reader = await openAuditReader(location);
  try {
    const rows = await reader.operations({ ...query, ...(since !== undefined ? { since } : {}) }, limit);
    return rows.map((row) => {
      const record = rowToRecord(row) as StoredEntryRecord;
      // Every operation record lists its fetches, in whichever format the log was written.
      const subgraphs = record.body.subgraphs;
      return { ...record, fetches: Array.isArray(subgraphs) ? subgraphs.length : 0 };
    });
  } finally {
    await reader.close();
  }
}
