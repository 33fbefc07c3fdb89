import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../shared/agency';
import type { CreditFact } from '../../shared/credit-facts/credit-fact';
import { CREDIT_FACTS_DESCRIPTION, sealFacts } from '../../shared/credit-facts/seal-facts';
import { inForce, isPublicToday, todayIso } from '../../shared/types/publicity-status';
import type { MarketLoaders } from '../data/loaders';
import type { PenaltyRow } from '../data/rows';
import { Institution } from '../types/institution.type';

type Context = SubgraphContext<MarketLoaders>;

/** Decisions recorded before tiers were kept: a licence revocation is serious, anything else general. */
function tierOf(penalty: PenaltyRow): string {
  if (penalty.tier) return penalty.tier;
  return penalty.penaltyContent.includes('吊销') ? 'SERIOUS' : 'GENERAL';
}

/** Market regulation's facts for the credit evaluation: licence status, penalties and listings in force. */
export async function marketCreditFacts(ctx: Context, uscc: string, today: string): Promise<CreditFact[]> {
  const { loaders } = ctx;
  const [registration, penalties, abnormal, serious] = await Promise.all([
    loaders.registration.load(uscc),
    loaders.evaluation.penalties.load(uscc),
    loaders.evaluation.abnormalOperationListings.load(uscc),
    loaders.evaluation.seriousViolationListings.load(uscc),
  ]);
  const facts: CreditFact[] = [];
  if (registration?.status === 'REVOKED') facts.push({ fact: 'LICENCE_REVOKED', recordRef: registration.uscc, asOf: registration.provenance.asOf.toISOString(), public: true });
  for (const p of penalties) {
    if (inForce(p, today)) facts.push({ fact: `PENALTY_${tierOf(p)}`, recordRef: p.decisionDocNo, asOf: p.decidedOn, public: isPublicToday(p, today) });
  }
  for (const l of abnormal) {
    if (inForce(l, today) && l.removedOn === null) facts.push({ fact: 'ABNORMAL_LISTING', recordRef: l.id, asOf: l.listedOn, public: isPublicToday(l, today) });
  }
  for (const l of serious) {
    if (inForce(l, today)) facts.push({ fact: 'SERIOUS_VIOLATION_LISTING', recordRef: l.id, asOf: l.listedOn, public: isPublicToday(l, today) });
  }
  return facts;
}

@Resolver(() => Institution)
export class CreditFactsResolver {
  @FieldResolver(() => String, { nullable: true, description: CREDIT_FACTS_DESCRIPTION })
  @Directive('@inaccessible')
  async marketCreditFacts(@Root() institution: Institution, @Ctx() ctx: Context): Promise<string> {
    return sealFacts(ctx, 'market', institution.uscc, await marketCreditFacts(ctx, institution.uscc, todayIso()));
  }
}
