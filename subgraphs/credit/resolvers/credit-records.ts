import { checkUscc } from '../../../common/identifiers';
import { badUserInput } from '../../shared/errors';
import type { CreditLoaders } from '../data/loaders';
import { RECORD_ID_CODES, type CreditRecordRow } from '../data/rows';
import { CreditRecordKind } from '../types/enums';

const ALL_KINDS = Object.values(CreditRecordKind);
const KIND_BY_CODE = new Map(Object.entries(RECORD_ID_CODES).map(([kind, code]) => [code, kind as CreditRecordKind]));
const ID_PATTERN = /^(.+)-([A-Z]{3})-(\d{2,4})$/;

/**
 * The rows of one kind for one institution, through that kind's loader; null when the caller may
 * not see the kind at all (credit repairs without credit:repair:read).
 */
function loadKind(loaders: CreditLoaders, kind: CreditRecordKind, uscc: string): Promise<readonly CreditRecordRow[]> | null {
  switch (kind) {
    case CreditRecordKind.LICENCE:
      return loaders.licences.load(uscc);
    case CreditRecordKind.PENALTY:
      return loaders.penalties.load(uscc);
    case CreditRecordKind.DISHONESTY_LISTING:
      return loaders.dishonestyListings.load(uscc);
    case CreditRecordKind.INCENTIVE_LISTING:
      return loaders.incentiveListings.load(uscc);
    case CreditRecordKind.JUDGMENT_DEFAULTER:
      return loaders.judgmentDefaulters.load(uscc);
    case CreditRecordKind.COMMITMENT:
      return loaders.commitments.load(uscc);
    case CreditRecordKind.REPAIR:
      return loaders.canReadRepairs ? loaders.repairs.load(uscc) : null;
  }
}

function newestFirst(a: CreditRecordRow, b: CreditRecordRow): number {
  if (a.publicityStart !== b.publicityStart) return a.publicityStart < b.publicityStart ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * All records of an institution the caller may see, newest first. Merges the per-kind loaders, so
 * a batch costs one statement per kind asked for, shared with the typed lists in the same query.
 */
export async function creditRecordsOf(
  loaders: CreditLoaders,
  uscc: string,
  kinds: readonly CreditRecordKind[] | null,
): Promise<CreditRecordRow[]> {
  const wanted = kinds ? [...new Set(kinds)] : ALL_KINDS;
  const lists = await Promise.all(wanted.map((kind) => loadKind(loaders, kind, uscc) ?? []));
  return lists.flat().sort(newestFirst);
}

/** Splits a record id into the institution and the kind; a malformed id is the caller's error. */
export function parseCreditRecordId(id: string): { uscc: string; kind: CreditRecordKind } {
  const match = ID_PATTERN.exec(id.trim());
  const kind = match ? KIND_BY_CODE.get(match[2] ?? '') : undefined;
  if (!match || kind === undefined) {
    throw badUserInput('id is not a credit record id (expected <USCC>-<LIC|PEN|DIS|INC|JDG|COM|REP>-<number>)', { argument: 'id' });
  }
  const uscc = match[1] ?? '';
  const problem = checkUscc(uscc);
  if (problem !== null) {
    throw badUserInput(`id does not start with a valid USCC: ${problem.message}`, { argument: 'id', field: 'USCC', reason: problem.code });
  }
  return { uscc, kind };
}

/**
 * One record by id, under the same rules as the lists: a row the caller may not see is null,
 * exactly as if it did not exist.
 */
export async function findCreditRecord(loaders: CreditLoaders, id: string): Promise<CreditRecordRow | null> {
  const { uscc, kind } = parseCreditRecordId(id);
  const rows = await loadKind(loaders, kind, uscc);
  return rows?.find((row) => row.id === id.trim()) ?? null;
}
