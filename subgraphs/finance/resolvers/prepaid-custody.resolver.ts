import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
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
}
