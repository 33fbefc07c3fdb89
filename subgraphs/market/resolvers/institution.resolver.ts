import { Args, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../shared/agency';
import { SLICED_BY_FIRST } from '../../shared/cost';
import { firstRows, NestedListArgs } from '../../shared/list-args';
import type { MarketLoaders } from '../data/loaders';
import { AbnormalOperationListing } from '../types/abnormal-operation-listing.type';
import { MarketAnnualReport } from '../types/annual-report.type';
import { Institution } from '../types/institution.type';
import { MarketLicence } from '../types/licence.type';
import { MarketListing } from '../types/market-listing.type';
import { MarketPenalty } from '../types/penalty.type';
import { MarketRegistration } from '../types/registration.type';
import { SeriousViolationListing } from '../types/serious-violation-listing.type';
import { MarketSpotCheck } from '../types/spot-check.type';

type Context = SubgraphContext<MarketLoaders>;

@Resolver(() => Institution)
export class InstitutionResolver {
  @FieldResolver(() => MarketRegistration, {
    nullable: true,
    description: 'Business registration on GSXT; null when market regulation did not register the institution.',
  })
  registration(@Root() institution: Institution, @Ctx() ctx: Context) {
    return ctx.loaders.registration.load(institution.uscc);
  }

  @FieldResolver(() => [MarketLicence], { nullable: true, description: 'Administrative licences published on GSXT, newest first.' })
  @Directive(SLICED_BY_FIRST)
  async marketLicences(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.licences.load(institution.uscc), first);
  }

  @FieldResolver(() => [MarketPenalty], { nullable: true,
    description: 'Market-regulation penalties, newest first: the ones in their publicity window, or all with market:penalty:read.',
  })
  @Directive(SLICED_BY_FIRST)
  async marketPenalties(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.penalties.load(institution.uscc), first);
  }

  @FieldResolver(() => [AbnormalOperationListing], { nullable: true,
    description: 'Abnormal-operation list entries, newest first: the public ones, or all with market:listing:read.',
  })
  @Directive(SLICED_BY_FIRST)
  async abnormalOperationListings(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.abnormalOperationListings.load(institution.uscc), first);
  }

  @FieldResolver(() => [SeriousViolationListing], { nullable: true,
    description: 'Serious-violation list entries, newest first: the public ones, or all with market:listing:read.',
  })
  @Directive(SLICED_BY_FIRST)
  async seriousViolationListings(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.seriousViolationListings.load(institution.uscc), first);
  }

  @FieldResolver(() => [MarketListing], { nullable: true,
    description: 'Both market-regulation lists in one, newest listing first; same visibility as the two separate lists.',
  })
  @Directive(SLICED_BY_FIRST)
  async listings(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    const [abnormal, serious] = await Promise.all([
      ctx.loaders.abnormalOperationListings.load(institution.uscc),
      ctx.loaders.seriousViolationListings.load(institution.uscc),
    ]);
    const merged = [...abnormal, ...serious].sort((a, b) =>
      a.listedOn === b.listedOn ? a.id.localeCompare(b.id) : a.listedOn < b.listedOn ? 1 : -1,
    );
    return firstRows(merged, first);
  }

  @FieldResolver(() => [MarketSpotCheck], { nullable: true, description: 'Published spot-check results, newest first.' })
  @Directive(SLICED_BY_FIRST)
  async spotChecks(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.spotChecks.load(institution.uscc), first);
  }

  @FieldResolver(() => [MarketAnnualReport], { nullable: true, description: 'Annual reports, latest year first.' })
  @Directive(SLICED_BY_FIRST)
  async annualReports(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.annualReports.load(institution.uscc), first);
  }
}
