import { Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { requiresScopes } from '../../shared/requirements';
import type { FinanceContext } from '../commands/writes';
import type { PrepaidCustodyRow } from '../data/rows';
import { CUSTODY_SCOPE, PrepaidCustody } from '../types/prepaid-custody.type';

@Resolver(() => PrepaidCustody)
export class PrepaidCustodyResolver {
  @FieldResolver(() => String, { nullable: true, description: 'ACTIVE, or SETTLED once settlement on exit is confirmed; null before the arrangement is on record as a machine.' })
  @Directive(requiresScopes([CUSTODY_SCOPE]))
  async settlementState(@Root() custody: PrepaidCustodyRow, @Ctx() ctx: FinanceContext) {
    return (await ctx.loaders.records.byId('custody').load(custody.uscc))?.state ?? null;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Version of the custody record (CUSTODY machine): it changes with every snapshot and the settlement, so a reader can record exactly what it saw.' })
  @Directive(requiresScopes([CUSTODY_SCOPE]))
  async custodyVersion(@Root() custody: PrepaidCustodyRow, @Ctx() ctx: FinanceContext) {
    return (await ctx.loaders.records.byId('custody').load(custody.uscc))?.version ?? null;
  }
}
