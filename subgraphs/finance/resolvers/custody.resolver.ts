import { Arg, Ctx, Directive, Int, Query, Resolver } from 'type-graphql';
import { UsccScalar } from '../../../common/scalars/uscc.scalar';
import type { SubgraphContext } from '../../shared/agency';
import { MAX_PAGE_SIZE } from '../../shared/list-args';
import { CONNECTION_SLICED_BY_FIRST, cost } from '../../shared/cost';
import { requiresScopes } from '../../shared/requirements';
import type { FinanceLoaders } from '../data/loaders';
import { CustodyShortfallConnection } from '../types/custody-shortfall-connection.type';
import { CUSTODY_SCOPE, PrepaidCustody } from '../types/prepaid-custody.type';
import { DEFAULT_PAGE_SIZE, findCustodyShortfallPage } from './custody-shortfall-page';

type Context = SubgraphContext<FinanceLoaders>;

@Resolver()
export class CustodyResolver {
  @Query(() => PrepaidCustody, {
    nullable: true,
    description: 'The prepaid-fee supervision of one institution, as parents check it; null when none is on record.',
  })
  prepaidCustody(@Arg('uscc', () => UsccScalar) uscc: string, @Ctx() ctx: Context) {
    return ctx.loaders.prepaidCustody.load(uscc);
  }

  @Query(() => CustodyShortfallConnection, {
    description: `Institutions whose custody does not cover the required share of prepaid fees, largest shortfall first; first at most ${MAX_PAGE_SIZE}.`,
  })
  @Directive(requiresScopes([CUSTODY_SCOPE]))
  @Directive(CONNECTION_SLICED_BY_FIRST)
  // Sorts every custody account by shortfall: a scan, not a keyed lookup.
  @Directive(cost(10))
  custodyShortfalls(
    @Arg('first', () => Int, { defaultValue: DEFAULT_PAGE_SIZE }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return findCustodyShortfallPage(ctx.loaders, first, after);
  }
}
