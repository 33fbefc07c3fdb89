import { Arg, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { findEventPage, type FeedVisibility } from '../../shared/commands/event-feed';
import { recordView } from '../../shared/commands/record-view';
import type { MarketContext } from '../commands/writes';
import { Institution } from '../types/institution.type';
import { MarketEventConnection } from '../types/market-event.type';
import { BusinessLicenceStatus } from '../types/market-records.type';
import { CONNECTION_SLICED_BY_FIRST } from '../../shared/cost';

/** Penalty and listing events follow their rows' scopes: a MINOR decision is not published. */
export const MARKET_FEED: FeedVisibility = {
  PENALTY_DECISION: 'market:penalty:read',
  ABNORMAL_LISTING: 'market:listing:read',
  BUSINESS_LICENCE: null,
};

@Resolver(() => Institution)
export class MarketSupervisionResolver {
  @FieldResolver(() => BusinessLicenceStatus, { nullable: true, description: 'The business licence\'s state and history; null when market regulation registered no enterprise.' })
  async businessLicence(@Root() institution: Institution, @Ctx() ctx: MarketContext) {
    const record = await ctx.loaders.records.byId('business-licence').load(institution.uscc);
    return record ? recordView('BUSINESS_LICENCE', record, await ctx.loaders.records.history('business-licence').load(record.id)) : null;
  }
}

@Resolver()
export class MarketEventsResolver {
  @Query(() => MarketEventConnection, { description: 'The market-regulation event log, oldest first: only the event types the caller may see.' })
  @Directive('@authenticated')
  @Directive(CONNECTION_SLICED_BY_FIRST)
  marketEvents(
    @Arg('since', () => String, { nullable: true }) since: string | null,
    @Arg('types', () => [String], { nullable: true }) types: string[] | null,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Ctx() ctx: MarketContext,
  ) {
    return findEventPage({ eventPage: ctx.loaders.eventPage }, MARKET_FEED, ctx.principal, { since, types, region, first });
  }
}
