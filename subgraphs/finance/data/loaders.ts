import { hasScope, type Principal } from '../../../common/principal';
import { manyByUscc, oneByUscc, recordLoaders } from '../../shared/loaders';
import { CREDIT_REFERENCE_SCOPE } from '../types/credit-reference-indicators.type';
import { CustodyShortfall } from '../types/custody-shortfall.type';
import { PENALTY_SCOPE } from '../types/financial-penalty.type';
import { OverdueIndicator } from '../types/overdue-indicator.type';
import { CUSTODY_SCOPE } from '../types/prepaid-custody.type';
import type { FinanceRepository } from './repository';
import type { CreditReferenceIndicatorsRow, CustodyShortfallPageQuery, PrepaidCustodyRow } from './rows';

export type FinanceLoaders = ReturnType<typeof createFinanceLoaders>;

export function createFinanceLoaders(repository: FinanceRepository, principal: Principal) {
  // Row level: penalties outside their publicity window stay in the database for other callers.
  const includeNonPublicPenalties = hasScope(principal, PENALTY_SCOPE);
  const mayReadCustody = hasScope(principal, CUSTODY_SCOPE);
  const mayReadCreditReference = hasScope(principal, CREDIT_REFERENCE_SCOPE);

  const prepaidCustody = oneByUscc((usccs) => repository.prepaidCustodies(usccs));
  const creditReferenceIndicators = oneByUscc((usccs) => repository.creditReferenceIndicators(usccs));

  return {
    /** Not batched: a page is one statement by construction. */
    custodyShortfallPage: (query: CustodyShortfallPageQuery) => repository.custodyShortfallPage(query),
    prepaidCustody,
    financingEvents: manyByUscc((usccs) => repository.financingEvents(usccs)),
    financialPenalties: manyByUscc((usccs) => repository.financialPenalties(usccs, includeNonPublicPenalties)),
    creditReferenceIndicators,
    records: recordLoaders(repository),
    /** Every row, public or not, for the sealed credit facts only (credit-facts.resolver.ts). */
    evaluation: {
      financialPenalties: manyByUscc((usccs) => repository.financialPenalties(usccs, true)),
    },
    eventPage: repository.eventPage.bind(repository),
    /**
     * Alerts built from the two loaders above, so they cost no statement of their own. Only the
     * kinds the caller holds the scope for are built: an alert's mere `__typename` would tell.
     */
    financeAlerts: async (uscc: string): Promise<(CustodyShortfall | OverdueIndicator)[]> => {
      const [custody, credit] = await Promise.all([
        mayReadCustody ? prepaidCustody.load(uscc) : null,
        mayReadCreditReference ? creditReferenceIndicators.load(uscc) : null,
      ]);
      const alerts: (CustodyShortfall | OverdueIndicator)[] = [];
      if (custody && custody.shortfallCny > 0) alerts.push(toCustodyShortfall(custody));
      if (credit && credit.overdueBand !== 'NONE') alerts.push(toOverdueIndicator(credit));
      return alerts;
    },
  };
}

export function toCustodyShortfall(row: PrepaidCustodyRow): CustodyShortfall {
  return Object.assign(new CustodyShortfall(), {
    institution: { uscc: row.uscc },
    mode: row.mode,
    custodyBankName: row.custodyBankName,
    balanceCny: row.balanceCny,
    prepaidFeesOutstandingCny: row.prepaidFeesOutstandingCny,
    requiredRatio: row.requiredRatio,
    shortfallCny: row.shortfallCny,
    balancesAsOf: row.balancesAsOf,
    provenance: row.provenance,
  } as CustodyShortfall);
}

function toOverdueIndicator(row: CreditReferenceIndicatorsRow): OverdueIndicator {
  return Object.assign(new OverdueIndicator(), {
    overdueBand: row.overdueBand,
    indicatorsAsOf: row.indicatorsAsOf,
    provenance: row.provenance,
  } as OverdueIndicator);
}
