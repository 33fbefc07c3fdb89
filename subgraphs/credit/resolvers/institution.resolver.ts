import { Arg, Args, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../shared/agency';
import { cost, SLICED_BY_FIRST } from '../../shared/cost';
import { assertPageSize, firstRows, NestedListArgs } from '../../shared/list-args';
import type { CreditLoaders } from '../data/loaders';
import { CreditCommitment } from '../types/credit-commitment.type';
import { CreditDishonestyListing } from '../types/credit-dishonesty-listing.type';
import { CreditIncentiveListing } from '../types/credit-incentive-listing.type';
import { CreditJudgmentDefaulter } from '../types/credit-judgment-defaulter.type';
import { CreditLicence } from '../types/credit-licence.type';
import { CreditPenalty } from '../types/credit-penalty.type';
import { CreditRecord } from '../types/credit-record.type';
import { CreditRepairRecord } from '../types/credit-repair-record.type';
import { CreditRecordKind } from '../types/enums';
import { Institution } from '../types/institution.type';
import { creditRecordsOf } from './credit-records';

type Context = SubgraphContext<CreditLoaders>;

/** Every list is newest first (publicity start, descending). */
@Resolver(() => Institution)
export class InstitutionResolver {
  @FieldResolver(() => [CreditRecord], { nullable: true,
    description:
      'All credit records the caller may see, of every kind (or of `kinds`), newest first. Non-public penalties, ' +
      'dishonesty entries and judgment-defaulter records need credit:record:read; repair records appear only with credit:repair:read.',
  })
  @Directive(SLICED_BY_FIRST)
  // Merges the seven record kinds, one loader each.
  @Directive(cost(5))
  async creditRecords(
    @Root() institution: Institution,
    @Args() { first }: NestedListArgs,
    @Arg('kinds', () => [CreditRecordKind], { nullable: true, description: 'Only these kinds; all when omitted.' })
    kinds: CreditRecordKind[] | null,
    @Ctx() ctx: Context,
  ) {
    assertPageSize(first);
    return firstRows(await creditRecordsOf(ctx.loaders, institution.uscc, kinds ?? null), first);
  }

  @FieldResolver(() => [CreditLicence], { nullable: true, description: '双公示 administrative licences.' })
  @Directive(SLICED_BY_FIRST)
  async creditLicences(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    assertPageSize(first);
    return firstRows(await ctx.loaders.licences.load(institution.uscc), first);
  }

  @FieldResolver(() => [CreditPenalty], { nullable: true, description: '双公示 administrative penalties the caller may see.' })
  @Directive(SLICED_BY_FIRST)
  async creditPenalties(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    assertPageSize(first);
    return firstRows(await ctx.loaders.penalties.load(institution.uscc), first);
  }

  @FieldResolver(() => [CreditDishonestyListing], { nullable: true, description: 'Dishonesty (失信) list entries the caller may see.' })
  @Directive(SLICED_BY_FIRST)
  async creditDishonestyListings(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    assertPageSize(first);
    return firstRows(await ctx.loaders.dishonestyListings.load(institution.uscc), first);
  }

  @FieldResolver(() => [CreditIncentiveListing], { nullable: true, description: 'Incentive (守信激励) list entries.' })
  @Directive(SLICED_BY_FIRST)
  async creditIncentiveListings(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    assertPageSize(first);
    return firstRows(await ctx.loaders.incentiveListings.load(institution.uscc), first);
  }

  @FieldResolver(() => [CreditJudgmentDefaulter], { nullable: true, description: 'Judgment-defaulter (失信被执行人) records the caller may see.' })
  @Directive(SLICED_BY_FIRST)
  async creditJudgmentDefaulters(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    assertPageSize(first);
    return firstRows(await ctx.loaders.judgmentDefaulters.load(institution.uscc), first);
  }

  @FieldResolver(() => [CreditCommitment], { nullable: true, description: 'Credit commitments (信用承诺) and whether they were kept.' })
  @Directive(SLICED_BY_FIRST)
  async creditCommitments(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    assertPageSize(first);
    return firstRows(await ctx.loaders.commitments.load(institution.uscc), first);
  }

  @FieldResolver(() => [CreditRepairRecord], { nullable: true, description: 'Credit-repair (信用修复) decisions.' })
  @Directive(SLICED_BY_FIRST)
  async creditRepairs(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    assertPageSize(first);
    return firstRows(await ctx.loaders.repairs.load(institution.uscc), first);
  }
}
