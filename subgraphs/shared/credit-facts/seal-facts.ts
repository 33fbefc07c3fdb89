import type { SubgraphContext } from '../agency';
import type { CreditFact, FactAgency, StaffFact } from './credit-fact';

/** Description every agency's facts field carries (the field is @inaccessible: composition keeps it, clients never see it). */
export const CREDIT_FACTS_DESCRIPTION =
  'This agency\'s facts for Institution.creditEvaluation, sealed for the credit subgraph (AES-256-GCM under CREDIT_FACTS_KEY_FILE). ' +
  'Fetched by the query planner for @requires; @inaccessible, so no client can select it through the gateway.';

/** Seals one agency's facts about one institution; a subgraph started without the key cannot. */
export function sealFacts(ctx: SubgraphContext<unknown, unknown>, agency: FactAgency, uscc: string, facts: readonly CreditFact[], staff?: readonly StaffFact[]): string {
  if (!ctx.factSeal) throw new Error('CREDIT_FACTS_KEY_FILE is not configured: this subgraph cannot seal its credit facts');
  return ctx.factSeal.seal({ agency, uscc, issuedAt: new Date().toISOString(), facts, ...(staff ? { staff } : {}) });
}

/** 12 months back from `today`, the lookback for complaint counts. */
export function monthsBefore(today: string, months: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const back = new Date(Date.UTC(y, m - 1 - months, d));
  return back.toISOString().slice(0, 10);
}
