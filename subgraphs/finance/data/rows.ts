import type { Provenance } from '../../shared/types/provenance.type';

/** Rows as the finance repository returns them, whatever database is behind it. */
export interface PrepaidCustodyRow {
  uscc: string;
  mode: 'BANK_CUSTODY' | 'RISK_RESERVE';
  custodyBankName: string;
  accountNoMasked: string;
  reserveAmountCny: number | null;
  balanceCny: number;
  prepaidFeesOutstandingCny: number;
  /** Derived in SQL from REQUIRED_COVERAGE_RATIO, so a page can be ordered by shortfall. */
  requiredRatio: number;
  shortfallCny: number;
  compliant: boolean | number;
  balancesAsOf: string;
  provenance: Provenance;
}

export interface FinancingEventRow {
  id: string;
  uscc: string;
  round: string;
  closedOn: string;
  amountCny: number;
  investors: string[];
  recordingBody: string | null;
  provenance: Provenance;
}

export interface FinancialPenaltyRow {
  id: string;
  uscc: string;
  regulator: 'PBOC' | 'NFRA' | 'CSRC';
  decidingAuthority: string;
  documentNo: string;
  violation: string;
  fineCny: number;
  decidedOn: string;
  publicityStatus: 'ACTIVE' | 'EXPIRED' | 'WITHDRAWN_AFTER_REPAIR' | 'REVOKED';
  publicityStart: string;
  publicityEnd: string | null;
  provenance: Provenance;
}

export interface CreditReferenceIndicatorsRow {
  uscc: string;
  hasOverdueLoans: boolean | number;
  overdueBand: 'NONE' | 'LT_30_DAYS' | 'FROM_30_TO_90_DAYS' | 'GT_90_DAYS';
  guaranteeExposureBand: string;
  indicatorsAsOf: string;
  provenance: Provenance;
}

export interface CustodyShortfallPageQuery {
  /** Keyset: continue after (shortfall, uscc), shortfall descending then USCC ascending. */
  afterShortfallCny: number | null;
  afterUscc: string | null;
  limit: number;
}
