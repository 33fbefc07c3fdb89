import { Random } from './random';
import type { SeedInstitution, SeedPerson } from './seed-institution';
import { personName, residentId } from './seed-institutions';

/** A trainer whom the credit platform lists: the staff black list (从业人员黑名单) or a court's defaulter list. */
export interface ListedStaff extends SeedPerson {
  readonly list: 'STAFF_BLACK' | 'JUDGMENT_DEFAULTER';
  readonly listedOn: string;
}

/**
 * The listed person a troubled institution employs, if any. Education seeds them as one more
 * trainer, credit as the list entry; both ask here, from a stream of its own, so neither agency's
 * other seeded rows shift and the two always agree.
 */
export function listedStaffOf(inst: SeedInstitution): ListedStaff | null {
  if (inst.risk !== 'TROUBLED' && inst.risk !== 'REVOKED') return null;
  const r = new Random(`listed-staff:${inst.uscc}`);
  if (!r.chance(0.25)) return null;
  return {
    name: personName(r),
    residentId: residentId(r, inst.regionCode, '1975-01-01', '2000-12-31'),
    list: r.chance(0.6) ? 'STAFF_BLACK' : 'JUDGMENT_DEFAULTER',
    listedOn: r.date('2023-01-01', '2026-06-30'),
  };
}
