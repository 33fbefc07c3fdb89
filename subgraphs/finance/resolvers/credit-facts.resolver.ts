import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../shared/agency';
import type { CreditFact } from '../../shared/credit-facts/credit-fact';
import { CREDIT_FACTS_DESCRIPTION, sealFacts } from '../../shared/credit-facts/seal-facts';
import { inForce, isPublicToday, todayIso } from '../../shared/types/publicity-status';
import type { FinanceLoaders } from '../data/loaders';
import { Institution } from '../types/institution.type';

type Context = SubgraphContext<FinanceLoaders>;

/** Below this share of the required coverage a shortfall counts as severe. */
const SEVERE_COVERAGE = 0.5;

/** Finance's facts for the credit evaluation: custody on record and covered, regulator penalties in force. */
export async function financeCreditFacts(ctx: Context, uscc: string, today: string): Promise<CreditFact[]> {
  const [custody, penalties] = await Promise.all([ctx.loaders.prepaidCustody.load(uscc), ctx.loaders.evaluation.financialPenalties.load(uscc)]);
  const facts: CreditFact[] = [];
  if (!custody) {
    facts.push({ fact: 'NO_CUSTODY', recordRef: uscc, asOf: today, public: true });
  } else if (custody.shortfallCny > 0) {
    const required = custody.prepaidFeesOutstandingCny * custody.requiredRatio;
    const coverage = required > 0 ? custody.balanceCny / required : 1;
    facts.push({ fact: coverage < SEVERE_COVERAGE ? 'CUSTODY_SHORTFALL_SEVERE' : 'CUSTODY_SHORTFALL', recordRef: uscc, asOf: custody.balancesAsOf, public: false });
  }
  for (const p of penalties) {
    if (inForce(p, today)) facts.push({ fact: 'FINANCIAL_PENALTY', recordRef: p.documentNo, asOf: p.decidedOn, public: isPublicToday(p, today) });
  }
  return facts;
}

@Resolver(() => Institution)
export class CreditFactsResolver {
  @FieldResolver(() => String, { nullable: true, description: CREDIT_FACTS_DESCRIPTION })
  @Directive('@inaccessible')
  async financeCreditFacts(@Root() institution: Institution, @Ctx() ctx: Context): Promise<string> {
    return sealFacts(ctx, 'finance', institution.uscc, await financeCreditFacts(ctx, institution.uscc, todayIso()));
  }
}
