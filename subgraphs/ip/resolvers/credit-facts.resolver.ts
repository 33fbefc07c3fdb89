import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../shared/agency';
import type { CreditFact } from '../../shared/credit-facts/credit-fact';
import { CREDIT_FACTS_DESCRIPTION, sealFacts } from '../../shared/credit-facts/seal-facts';
import { inForce, isPublicToday, todayIso } from '../../shared/types/publicity-status';
import type { IpLoaders } from '../data/loaders';
import { Institution } from '../types/institution.type';

type Context = SubgraphContext<IpLoaders>;

/** CNIPA's facts for the credit evaluation: enforcement decisions and IP dishonesty findings in force. */
export async function ipCreditFacts(ctx: Context, uscc: string, today: string): Promise<CreditFact[]> {
  const [credit, enforcement] = await Promise.all([
    ctx.loaders.evaluation.ipCreditRecords.load(uscc),
    ctx.loaders.evaluation.ipEnforcementDecisions.load(uscc),
  ]);
  const facts: CreditFact[] = [];
  for (const r of credit) if (inForce(r, today)) facts.push({ fact: 'IP_DISHONESTY', recordRef: r.documentNo, asOf: r.decidedOn, public: isPublicToday(r, today) });
  for (const d of enforcement) if (inForce(d, today)) facts.push({ fact: 'IP_ENFORCEMENT', recordRef: d.documentNo, asOf: d.decidedOn, public: isPublicToday(d, today) });
  return facts;
}

@Resolver(() => Institution)
export class CreditFactsResolver {
  @FieldResolver(() => String, { nullable: true, description: CREDIT_FACTS_DESCRIPTION })
  @Directive('@inaccessible')
  async ipCreditFacts(@Root() institution: Institution, @Ctx() ctx: Context): Promise<string> {
    return sealFacts(ctx, 'ip', institution.uscc, await ipCreditFacts(ctx, institution.uscc, todayIso()));
  }
}
