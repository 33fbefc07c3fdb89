import type { PublicityStatus } from '../../shared/types/publicity-status';
import type { Provenance } from '../../shared/types/provenance.type';
import type { MarketListingKind } from '../types/market-listing.type';

/** Rows as the market repository returns them, whatever database is behind it. */
export interface RegistrationRow {
  uscc: string;
  registrationNo: string | null;
  legalName: string;
  entityType: string;
  legalRepresentative: { displayName: string; idHash: string };
  registeredCapitalCny: number;
  establishedOn: string;
  status: 'OPERATING' | 'REVOKED' | 'CANCELLED';
  address: string;
  businessScope: string;
  registrationAuthority: string;
  provenance: Provenance;
}

export interface LicenceRow {
  id: string;
  uscc: string;
  licenceName: string;
  licenceNo: string;
  issuingAuthority: string;
  validFrom: string;
  validTo: string | null;
  provenance: Provenance;
}

/** The columns every record with a publicity life carries. */
export interface PublicityColumns {
  publicityStatus: PublicityStatus;
  publicityStart: string;
  publicityEnd: string | null;
}

export interface PenaltyRow extends PublicityColumns {
  id: string;
  uscc: string;
  decisionDocNo: string;
  violationType: string;
  facts: string;
  legalBasis: string;
  penaltyContent: string;
  fineCny: number | null;
  decidedOn: string;
  decidingAuthority: string;
  /** Order 36 tier (MINOR, GENERAL, SERIOUS); null for decisions recorded before tiers were kept. */
  tier: string | null;
  provenance: Provenance;
}

export interface AbnormalOperationListingRow extends PublicityColumns {
  listingKind: Extract<MarketListingKind, 'ABNORMAL_OPERATION'>;
  id: string;
  uscc: string;
  reason: string;
  listedOn: string;
  listingAuthority: string;
  removedOn: string | null;
  removalReason: string | null;
  provenance: Provenance;
}

export interface SeriousViolationListingRow extends PublicityColumns {
  listingKind: Extract<MarketListingKind, 'SERIOUS_VIOLATION'>;
  id: string;
  uscc: string;
  reason: string;
  listedOn: string;
  listingAuthority: string;
  provenance: Provenance;
}

export interface SpotCheckRow {
  id: string;
  uscc: string;
  checkedOn: string;
  authority: string;
  taskName: string;
  result: string;
  provenance: Provenance;
}

export interface AnnualReportRow {
  id: string;
  uscc: string;
  year: number;
  submittedOn: string;
  employees: number | null;
  /** SQLite has no boolean; graphql-js serializes 0/1 as false/true. */
  financialsPublic: boolean | number;
  revenueCny: number | null;
  totalAssetsCny: number | null;
  netProfitCny: number | null;
  taxPaidCny: number | null;
  provenance: Provenance;
}
