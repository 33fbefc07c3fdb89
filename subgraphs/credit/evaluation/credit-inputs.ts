import { inForce, isPublicToday } from '../../shared/types/publicity-status';
import type { StaffFact } from '../../shared/credit-facts/credit-fact';
import type { CreditLoaders } from '../data/loaders';
import type { StaffCreditFlag } from '../types/credit-evaluation.type';
import type { EvaluationInput } from './evaluate';

/** The credit platform's own facts about an institution, as the scheme names them. */
export async function creditPlatformInputs(loaders: CreditLoaders, uscc: string, today: string): Promise<EvaluationInput[]> {
  const [dishonesty, defaulters, commitments, incentives] = await Promise.all([
    loaders.evaluation.dishonestyListings.load(uscc),
    loaders.evaluation.judgmentDefaulters.load(uscc),
    loaders.commitments.load(uscc),
    loaders.incentiveListings.load(uscc),
  ]);
  const inputs: EvaluationInput[] = [];
  const add = (fact: string, row: { id: string; publicityStatus: string; publicityStart: string; publicityEnd: string | null }) =>
    inputs.push({ agency: 'credit', fact, recordRef: row.id, asOf: row.publicityStart, public: isPublicToday(row, today) });
  for (const row of dishonesty) if (inForce(row, today) && row.removedOn === null) add('DISHONESTY_LISTING', row);
  for (const row of defaulters) if (inForce(row, today)) add('JUDGMENT_DEFAULTER', row);
  for (const row of incentives) if (isPublicToday(row, today)) add('INCENTIVE_LISTING', row);
  for (const row of commitments) {
    if (!isPublicToday(row, today)) continue;
    if (row.fulfilment === 'BREACHED') add('COMMITMENT_BREACHED', row);
    if (row.fulfilment === 'FULFILLED') add('COMMITMENT_FULFILLED', row);
  }
  return inputs;
}

/** Trainers whose identity hash is on a list today, with the entry that matched. */
export async function staffMatches(loaders: CreditLoaders, staff: readonly StaffFact[]): Promise<StaffCreditFlag[]> {
  if (staff.length === 0) return [];
  const entries = await loaders.evaluation.personEntries.loadMany(staff.map((s) => s.idHash));
  const flags: StaffCreditFlag[] = [];
  staff.forEach((trainer, i) => {
    const found = entries[i];
    if (!Array.isArray(found)) return;
    for (const entry of found) {
      flags.push({
        trainerId: trainer.trainerId, displayName: trainer.displayName, list: entry.list, recordRef: entry.id,
        listingAuthority: entry.listingAuthority, legalBasis: entry.legalBasis, listedOn: entry.listedOn,
      });
    }
  });
  return flags.sort((a, b) => (a.trainerId < b.trainerId ? -1 : a.trainerId > b.trainerId ? 1 : a.recordRef < b.recordRef ? -1 : 1));
}
