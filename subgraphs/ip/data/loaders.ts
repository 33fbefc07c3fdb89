import DataLoader from 'dataloader';
import { hasScope, type Principal } from '../../../common/principal';
import { indexByKey } from '../../shared/database';
import { manyByUscc } from '../../shared/loaders';
import type { IpRepository } from './repository';

export type IpLoaders = ReturnType<typeof createIpLoaders>;

/** Guards IP credit records and enforcement decisions outside their publicity window (row level). */
export const IP_CREDIT_SCOPE = 'ip:credit:read';

/** A loader for one right by its register number; one batch is one repository call. */
function oneByNumber<T>(fetch: (numbers: readonly string[]) => Promise<T[]>, numberOf: (row: T) => string): DataLoader<string, T | null> {
  return new DataLoader(async (numbers) => indexByKey(numbers, await fetch(numbers), numberOf));
}

export function createIpLoaders(repository: IpRepository, principal: Principal) {
  const includeNonPublic = hasScope(principal, IP_CREDIT_SCOPE);
  return {
    patents: manyByUscc((usccs) => repository.patents(usccs)),
    trademarks: manyByUscc((usccs) => repository.trademarks(usccs)),
    softwareCopyrights: manyByUscc((usccs) => repository.softwareCopyrights(usccs)),
    ipRights: manyByUscc((usccs) => repository.ipRights(usccs)),
    ipPledges: manyByUscc((usccs) => repository.ipPledges(usccs)),
    ipCreditRecords: manyByUscc((usccs) => repository.ipCreditRecords(usccs, includeNonPublic)),
    ipEnforcementDecisions: manyByUscc((usccs) => repository.ipEnforcementDecisions(usccs, includeNonPublic)),
    /** Every row, public or not, for the sealed credit facts only (credit-facts.resolver.ts). */
    evaluation: {
      ipCreditRecords: manyByUscc((usccs) => repository.ipCreditRecords(usccs, true)),
      ipEnforcementDecisions: manyByUscc((usccs) => repository.ipEnforcementDecisions(usccs, true)),
    },
    patentByApplicationNo: oneByNumber((nos) => repository.patentsByApplicationNo(nos), (row) => row.applicationNo),
    trademarkByRegistrationNo: oneByNumber((nos) => repository.trademarksByRegistrationNo(nos), (row) => row.registrationNo),
    softwareCopyrightByRegistrationNo: oneByNumber(
      (nos) => repository.softwareCopyrightsByRegistrationNo(nos),
      (row) => row.registrationNo,
    ),
  };
}
