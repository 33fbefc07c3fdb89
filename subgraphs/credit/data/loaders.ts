import { hasScope, type Principal } from '../../../common/principal';
import DataLoader from 'dataloader';
import { groupByKey } from '../../shared/database';
import { manyByUscc } from '../../shared/loaders';
import type { PersonCreditEntryRow } from './rows';
import type { CreditRepository } from './repository';

/** Reads penalties, dishonesty entries and judgment-defaulter records outside their public window. */
export const CREDIT_RECORD_SCOPE = 'credit:record:read';
/** Reads credit-repair records (the whole type). */
export const CREDIT_REPAIR_SCOPE = 'credit:repair:read';

export type CreditLoaders = ReturnType<typeof createCreditLoaders>;

/**
 * One loader per record kind; each batch is one statement. Whether non-public rows are read at
 * all is decided here, once per request, from the caller's scopes.
 */
export function createCreditLoaders(repository: CreditRepository, principal: Principal) {
  const includeNonPublic = hasScope(principal, CREDIT_RECORD_SCOPE);
  return {
    /** Whether this caller may see credit-repair records; `creditRecords` leaves them out otherwise. */
    canReadRepairs: hasScope(principal, CREDIT_REPAIR_SCOPE),
    licences: manyByUscc((usccs) => repository.licences(usccs)),
    penalties: manyByUscc((usccs) => repository.penalties(usccs, includeNonPublic)),
    dishonestyListings: manyByUscc((usccs) => repository.dishonestyListings(usccs, includeNonPublic)),
    incentiveListings: manyByUscc((usccs) => repository.incentiveListings(usccs)),
    judgmentDefaulters: manyByUscc((usccs) => repository.judgmentDefaulters(usccs, includeNonPublic)),
    commitments: manyByUscc((usccs) => repository.commitments(usccs)),
    repairs: manyByUscc((usccs) => repository.repairs(usccs)),
    /**
     * What the credit evaluation weighs, whoever asks: every row, public or not. Only the
     * evaluation reads these, and it shows a caller the factors their scopes open, nothing more.
     */
    evaluation: {
      dishonestyListings: manyByUscc((usccs) => repository.dishonestyListings(usccs, true)),
      judgmentDefaulters: manyByUscc((usccs) => repository.judgmentDefaulters(usccs, true)),
      personEntries: new DataLoader<string, PersonCreditEntryRow[]>(async (hashes) => groupByKey(hashes, await repository.personEntries(hashes), (row) => row.idHash)),
    },
  };
}
