/**
 * The facts all five agencies agree on about one institution. Each agency's seed derives its own
 * rows from these, so the same USCC, name and trouble show up consistently everywhere.
 */
export interface SeedInstitution {
  readonly uscc: string;
  readonly name: string;
  /** GB/T 2260 county-level code of the registering office. */
  readonly regionCode: string;
  readonly regionName: string;
  readonly kind: InstitutionKind;
  readonly nonProfit: boolean;
  readonly establishedOn: string;
  readonly legalRepresentative: SeedPerson;
  /** How much trouble this institution is in; each agency shows it its own way. */
  readonly risk: RiskProfile;
}

export interface SeedPerson {
  readonly name: string;
  /** A valid GB 11643 number; only its keyed hash leaves the subgraph that holds it. */
  readonly residentId: string;
}

export type InstitutionKind = 'SUBJECT_TUTORING' | 'QUALITY_EDUCATION' | 'VOCATIONAL_TRAINING' | 'LANGUAGE_TRAINING' | 'EXAM_PREPARATION';
export const INSTITUTION_KINDS: readonly InstitutionKind[] = [
  'SUBJECT_TUTORING',
  'QUALITY_EDUCATION',
  'VOCATIONAL_TRAINING',
  'LANGUAGE_TRAINING',
  'EXAM_PREPARATION',
];

/**
 * GOOD: nothing on record. MINOR: old penalties (outside publicity), small issues. TROUBLED:
 * active penalties, abnormal listing, custody shortfall, unqualified trainers. REVOKED: licence
 * revoked, blacklisted, serious-violation listing, judgment defaulter.
 */
export type RiskProfile = 'GOOD' | 'MINOR' | 'TROUBLED' | 'REVOKED';

/** Fixed "today" of the seeded world, so publicity windows fall the same way in every run. */
export const SEED_TODAY = '2026-11-01';
