import type { Provenance } from '../../shared/types/provenance.type';

/** Rows as the education repository returns them, whatever database is behind it. */
export interface InstitutionRow {
  uscc: string;
  name: string;
  regionCode: string;
  regionName: string;
  kind: string;
  registeredOn: string;
  provenance: Provenance;
}

export interface FilingRow {
  uscc: string;
  filingNo: string;
  listStatus: 'WHITE' | 'GREY' | 'BLACK' | null;
  permitNo: string | null;
  permitValidFrom: string | null;
  permitValidTo: string | null;
  nonProfit: boolean | number;
  filedOn: string;
  provenance: Provenance;
}

export interface BusinessSystemRow {
  id: string;
  uscc: string;
  kind: string;
  name: string;
  url: string;
  icpFilingNo: string;
  telecomLicenceNo: string | null;
  securityLevel: number;
  securityFilingNo: string | null;
  provenance: Provenance;
}

export interface CourseRow {
  id: string;
  uscc: string;
  title: string;
  subject: string;
  gradeBand: string;
  priceCny: number;
  lessons: number;
  reviewStatus: string;
  provenance: Provenance;
}

export interface TrainerRow {
  id: string;
  uscc: string;
  displayName: string;
  certificateNo: string | null;
  subjects: string[];
  idHash: string;
  provenance: Provenance;
}

export interface FeeRuleRow {
  uscc: string;
  chargingMode: string;
  maxLessonsPerCharge: number;
  maxMonthsPerCharge: number;
  refundPolicy: string;
  provenance: Provenance;
}

export interface ComplaintRow {
  id: string;
  uscc: string;
  category: string;
  status: string;
  receivedOn: string;
  resolvedOn: string | null;
  summary: string;
  provenance: Provenance;
}

export interface InspectionRow {
  id: string;
  uscc: string;
  inspectedOn: string;
  kind: string;
  result: string;
  findings: string;
  provenance: Provenance;
}

export interface NotificationRow {
  id: string;
  uscc: string;
  kind: string;
  documentNo: string;
  title: string;
  issuedOn: string;
  provenance: Provenance;
}

export interface InstitutionPageQuery {
  /** GB/T 2260 prefix: 2 digits for a province, 4 for a city, 6 for a district. */
  regionPrefix: string | null;
  filingStatus: NonNullable<FilingRow['listStatus']> | null;
  nameContains: string | null;
  /** Return institutions whose USCC sorts after this one. */
  afterUscc: string | null;
  limit: number;
}
