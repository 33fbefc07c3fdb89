import type { Provenance } from '../../shared/types/provenance.type';
import type { PublicityStatus } from '../../shared/types/publicity-status';

/** Rows as the IP repository returns them, whatever database is behind it. */

export type IpRightKindValue = 'PATENT' | 'TRADEMARK' | 'SOFTWARE_COPYRIGHT';
export type IpRightStatusValue = 'PENDING' | 'IN_FORCE' | 'ENDED';

/** What every right row carries, so it can be served as an `IntellectualPropertyRight`. */
interface IpRightRowBase {
  id: string;
  uscc: string;
  title: string;
  rightStatus: IpRightStatusValue;
  provenance: Provenance;
}

export interface PersonRefRow {
  displayName: string;
  idHash: string;
}

export interface PatentRow extends IpRightRowBase {
  rightKind: 'PATENT';
  applicationNo: string;
  type: 'INVENTION' | 'UTILITY_MODEL' | 'DESIGN';
  classification: string;
  inventors: PersonRefRow[];
  filedOn: string;
  publishedOn: string | null;
  grantedOn: string | null;
  termEndsOn: string | null;
  legalStatus: 'PENDING' | 'GRANTED' | 'LAPSED' | 'INVALIDATED';
}

export interface TrademarkRow extends IpRightRowBase {
  rightKind: 'TRADEMARK';
  registrationNo: string;
  niceClass: number;
  markText: string;
  goods: string[];
  appliedOn: string;
  status: 'PENDING' | 'REGISTERED' | 'EXPIRED' | 'CANCELLED';
  validFrom: string | null;
  validTo: string | null;
}

export interface SoftwareCopyrightRow extends IpRightRowBase {
  rightKind: 'SOFTWARE_COPYRIGHT';
  registrationNo: string;
  softwareName: string;
  shortName: string | null;
  version: string;
  completedOn: string;
  firstPublishedOn: string | null;
  registeredOn: string;
  registrationStatus: 'REGISTERED' | 'REVOKED';
}

export type IpRightRow = PatentRow | TrademarkRow | SoftwareCopyrightRow;

export interface IpPledgeRow {
  id: string;
  uscc: string;
  rightKind: 'PATENT' | 'TRADEMARK';
  rightNo: string;
  rightTitle: string;
  pledgee: string;
  amountCny: number;
  registeredOn: string;
  endedOn: string | null;
  status: 'EFFECTIVE' | 'RELEASED' | 'ENFORCED';
  provenance: Provenance;
}

export interface PublicityColumns {
  publicityStatus: PublicityStatus;
  publicityStart: string;
  publicityEnd: string | null;
}

export interface IpCreditRecordRow extends PublicityColumns {
  id: string;
  uscc: string;
  behavior: string;
  description: string;
  authority: string;
  documentNo: string;
  decidedOn: string;
  measures: string[];
  provenance: Provenance;
}

export interface IpEnforcementDecisionRow extends PublicityColumns {
  id: string;
  uscc: string;
  documentNo: string;
  caseKind: string;
  authority: string;
  decidedOn: string;
  facts: string;
  outcome: 'FINED' | 'CEASE_ORDERED' | 'GOODS_CONFISCATED';
  fineCny: number | null;
  confiscatedCny: number | null;
  provenance: Provenance;
}
