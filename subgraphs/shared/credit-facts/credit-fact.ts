/**
 * One fact an agency holds about an institution that the credit evaluation weighs: a penalty in
 * force, a listing, a complaint, a custody shortfall. The agency that holds the record states it,
 * and whether it is public today; which scope opens a non-public one is the scheme's
 * (rules/credit-scheme.json), so that whether a caller may see a factor never depends on the data.
 */
export interface CreditFact {
  /** The indicator it counts towards, e.g. PENALTY_GENERAL (the scheme names it `<agency>.<fact>`). */
  readonly fact: string;
  /** The record behind it, as the agency's own API names it (its id or document number). */
  readonly recordRef: string;
  /** When the agency recorded it (ISO date or time); the evaluation's windows count from here. */
  readonly asOf: string;
  /** True when anyone may see the record today (in its publicity window, or public by law). */
  readonly public: boolean;
}

/** A trainer as the credit evaluation needs them: to match staff black lists by identity hash. */
export interface StaffFact {
  readonly trainerId: string;
  readonly displayName: string;
  readonly idHash: string;
}

/** What one agency sends the credit subgraph about one institution, sealed (see fact-seal.ts). */
export interface CreditFactSheet {
  readonly agency: string;
  readonly uscc: string;
  /** When the sheet was made; the credit subgraph refuses stale ones. */
  readonly issuedAt: string;
  readonly facts: readonly CreditFact[];
  readonly staff?: readonly StaffFact[];
}

/**
 * The field through which an agency's facts reach `Institution.creditEvaluation` by Federation
 * `@requires`: `@inaccessible`, so no client can select it through the gateway, and sealed, so a
 * caller who asks a subgraph for it directly gets ciphertext only.
 */
export const CREDIT_FACT_FIELDS = {
  education: 'educationCreditFacts',
  market: 'marketCreditFacts',
  finance: 'financeCreditFacts',
  ip: 'ipCreditFacts',
} as const;

export type FactAgency = keyof typeof CREDIT_FACT_FIELDS;
export const FACT_AGENCIES = Object.keys(CREDIT_FACT_FIELDS) as FactAgency[];
