import DataLoader from 'dataloader';
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
