import DataLoader from 'dataloader';
import type { RecordReads, StateRecord, StoredEvent } from './commands/command-store';
import { groupByKey, indexByKey } from './database';

type BatchFetch<T> = (usccs: readonly string[]) => Promise<T[]>;

/** A loader for at most one row per institution; one batch is one repository call. */
export function oneByUscc<T extends { uscc: string }>(fetch: BatchFetch<T>): DataLoader<string, T | null> {
  return new DataLoader(async (usccs) => indexByKey(usccs, await fetch(usccs), (row) => row.uscc));
}

/** A loader for the rows of a list per institution, in the repository's order. */
export function manyByUscc<T extends { uscc: string }>(fetch: BatchFetch<T>): DataLoader<string, T[]> {
  return new DataLoader(async (usccs) => groupByKey(usccs, await fetch(usccs), (row) => row.uscc));
}

/**
 * Loaders over state-machine records and their histories, one DataLoader per record kind, so a
 * page of institutions costs one statement per kind whatever its size.
 */
export function recordLoaders(reads: RecordReads) {
  const cache = new Map<string, DataLoader<string, unknown>>();
  const loader = <V>(key: string, make: () => DataLoader<string, V>): DataLoader<string, V> => {
    let found = cache.get(key) as DataLoader<string, V> | undefined;
    if (!found) cache.set(key, (found = make()) as DataLoader<string, unknown>);
    return found;
  };
  return {
    byId: (kind: string) =>
      loader(`id:${kind}`, () => new DataLoader<string, StateRecord | null>(async (ids) => indexByKey(ids, await reads.records(kind, ids), (r) => r.id))),
    byUscc: (kind: string) =>
      loader(`uscc:${kind}`, () => new DataLoader<string, StateRecord[]>(async (usccs) => groupByKey(usccs, await reads.recordsByUscc(kind, usccs), (r) => r.uscc ?? ''))),
    history: (kind: string) =>
      loader(`history:${kind}`, () => new DataLoader<string, StoredEvent[]>(async (ids) => groupByKey(ids, await reads.histories(kind, ids), (e) => e.recordId))),
  };
}

export type RecordLoaders = ReturnType<typeof recordLoaders>;
