import DataLoader from 'dataloader';
import { hasScope, type Principal } from '../../../common/principal';
import { indexByKey } from '../../shared/database';
import { manyByUscc, oneByUscc, recordLoaders } from '../../shared/loaders';
import type { MarketRepository } from './repository';
import type { RegistrationRow } from './rows';

/** Row-level scopes: without them, rows outside their publicity window are filtered out in SQL. */
export const PENALTY_SCOPE = 'market:penalty:read';
export const LISTING_SCOPE = 'market:listing:read';

export type MarketLoaders = ReturnType<typeof createMarketLoaders>;

export function createMarketLoaders(repository: MarketRepository, principal: Principal) {
  const includeNonPublicPenalties = hasScope(principal, PENALTY_SCOPE);
  const includeNonPublicListings = hasScope(principal, LISTING_SCOPE);
  const registration = oneByUscc((usccs) => repository.registrations(usccs));
  return {
    registration,
    /** Keyed by legacy registration number; primes `registration` so the lookup costs one statement. */
    registrationByNo: new DataLoader<string, RegistrationRow | null>(async (registrationNos) => {
      const rows = await repository.registrationsByNo(registrationNos);
      for (const row of rows) registration.prime(row.uscc, row);
      return indexByKey(registrationNos, rows, (row) => row.registrationNo ?? '');
    }),
    licences: manyByUscc((usccs) => repository.licences(usccs)),
    penalties: manyByUscc((usccs) => repository.penalties(usccs, includeNonPublicPenalties)),
    abnormalOperationListings: manyByUscc((usccs) => repository.abnormalOperationListings(usccs, includeNonPublicListings)),
    seriousViolationListings: manyByUscc((usccs) => repository.seriousViolationListings(usccs, includeNonPublicListings)),
    spotChecks: manyByUscc((usccs) => repository.spotChecks(usccs)),
    annualReports: manyByUscc((usccs) => repository.annualReports(usccs)),
    records: recordLoaders(repository),
    /** Every row, public or not, for the sealed credit facts only (credit-facts.resolver.ts). */
    evaluation: {
      penalties: manyByUscc((usccs) => repository.penalties(usccs, true)),
      abnormalOperationListings: manyByUscc((usccs) => repository.abnormalOperationListings(usccs, true)),
      seriousViolationListings: manyByUscc((usccs) => repository.seriousViolationListings(usccs, true)),
    },
    eventPage: repository.eventPage.bind(repository),
  };
}
