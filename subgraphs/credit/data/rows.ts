import type { PersonRef } from '../../shared/types/person-ref.type';
import type { Provenance } from '../../shared/types/provenance.type';
import type { PublicityStatus } from '../../shared/types/publicity-status';
import {
  CreditRecordKind,
  type CreditCommitmentFulfilment,
  type CreditCommitmentKind,
  type CreditLicenceCategory,
  type CreditPenaltyCategory,
  type CreditPerformanceStatus,
  type CreditRepairOutcome,
} from '../types/enums';

/** Rows as the credit repository returns them, whatever database is behind it. */
export interface AuthorityRef {
  name: string;
  uscc: string;
}

/** What every credit record row has; `recordKind` tells the CreditRecord interface which type it is. */
export interface CreditRecordRowBase<K extends CreditRecordKind> {
  id: string;
  uscc: string;
  recordKind: K;
  institution: { uscc: string };
  publicityStatus: PublicityStatus;
  publicityStart: string;
  publicityEnd: string | null;
  provenance: Provenance;
}

export interface CreditLicenceRow extends CreditRecordRowBase<CreditRecordKind.LICENCE> {
  decisionDocName: string;
  decisionDocNo: string;
  itemName: string;
  category: CreditLicenceCategory;
  licenceNo: string;
  content: string;
  legalBasis: string;
  authority: AuthorityRef;
  decidedOn: string;
  validFrom: string;
  validUntil: string | null;
  dataSource: AuthorityRef;
}

export interface CreditPenaltyRow extends CreditRecordRowBase<CreditRecordKind.PENALTY> {
  decisionDocNo: string;
  violationType: string;
  facts: string;
  legalBasis: string;
  categories: CreditPenaltyCategory[];
  content: string;
  fineCny: number;
  confiscationCny: number;
  licenceAffected: string | null;
  authority: AuthorityRef;
  decidedOn: string;
  validUntil: string | null;
  repairEligibleFrom: string;
  legalRepresentative: PersonRef;
  dataSource: AuthorityRef;
}

export interface CreditDishonestyListingRow extends CreditRecordRowBase<CreditRecordKind.DISHONESTY_LISTING> {
  decisionDocNo: string;
  listName: string;
  reason: string;
  legalBasis: string;
  listingAuthority: AuthorityRef;
  listedOn: string;
  plannedRemovalOn: string | null;
  removedOn: string | null;
  measures: string[];
}

export interface CreditIncentiveListingRow extends CreditRecordRowBase<CreditRecordKind.INCENTIVE_LISTING> {
  listName: string;
  legalBasis: string;
  listingAuthority: AuthorityRef;
  listedOn: string;
  validUntil: string | null;
  incentives: string[];
}

export interface CreditJudgmentDefaulterRow extends CreditRecordRowBase<CreditRecordKind.JUDGMENT_DEFAULTER> {
  court: string;
  caseNo: string;
  filedOn: string;
  enforcementBasisDocNo: string;
  enforcementBasisIssuer: string;
  obligation: string;
  obligationAmountCny: number;
  performedAmountCny: number;
  performanceStatus: CreditPerformanceStatus;
  dishonestBehaviour: string;
  publishedOn: string;
  legalRepresentative: PersonRef;
}

export interface CreditCommitmentRow extends CreditRecordRowBase<CreditRecordKind.COMMITMENT> {
  kind: CreditCommitmentKind;
  matter: string;
  content: string;
  acceptingAuthority: AuthorityRef;
  committedOn: string;
  fulfilment: CreditCommitmentFulfilment;
  verifiedOn: string | null;
}

export interface CreditRepairRow extends CreditRecordRowBase<CreditRecordKind.REPAIR> {
  repairedRecordId: string;
  repairedRecordKind: CreditRecordKind;
  repairedDocNo: string;
  appliedOn: string;
  decidedOn: string;
  repairedOn: string | null;
  authority: AuthorityRef;
  outcome: CreditRepairOutcome;
  remarks: string;
}

export type CreditRecordRow =
  | CreditLicenceRow
  | CreditPenaltyRow
  | CreditDishonestyListingRow
  | CreditIncentiveListingRow
  | CreditJudgmentDefaulterRow
  | CreditCommitmentRow
  | CreditRepairRow;

/**
 * Record ids are `<USCC>-<code>-<sequence>`: the USCC says whose record it is and the code which
 * table holds it, so a lookup by id reads one institution's rows of one kind.
 */
export const RECORD_ID_CODES: Readonly<Record<CreditRecordKind, string>> = {
  [CreditRecordKind.LICENCE]: 'LIC',
  [CreditRecordKind.PENALTY]: 'PEN',
  [CreditRecordKind.DISHONESTY_LISTING]: 'DIS',
  [CreditRecordKind.INCENTIVE_LISTING]: 'INC',
  [CreditRecordKind.JUDGMENT_DEFAULTER]: 'JDG',
  [CreditRecordKind.COMMITMENT]: 'COM',
  [CreditRecordKind.REPAIR]: 'REP',
};

export function creditRecordId(uscc: string, kind: CreditRecordKind, sequence: number): string {
  return `${uscc}-${RECORD_ID_CODES[kind]}-${String(sequence).padStart(2, '0')}`;
}

/** A natural person on a list the credit platform carries; only the keyed hash identifies them. */
export interface PersonCreditEntryRow {
  id: string;
  idHash: string;
  list: 'STAFF_BLACK' | 'JUDGMENT_DEFAULTER';
  listingAuthority: string;
  legalBasis: string;
  listedOn: string;
  removedOn: string | null;
  asOf: string;
}
