import { Arg, Args, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../shared/agency';
import { SLICED_BY_FIRST } from '../../shared/cost';
import { firstRows, NestedListArgs } from '../../shared/list-args';
import type { IpLoaders } from '../data/loaders';
import { PatentLegalStatus, TrademarkStatus } from '../types/enums';
import { Institution } from '../types/institution.type';
import { IntellectualPropertyRight } from '../types/intellectual-property-right.type';
import { IpCreditRecord } from '../types/ip-credit-record.type';
import { IpEnforcementDecision } from '../types/ip-enforcement-decision.type';
import { IpPledge } from '../types/ip-pledge.type';
import { Patent } from '../types/patent.type';
import { SoftwareCopyright } from '../types/software-copyright.type';
import { Trademark } from '../types/trademark.type';

type Context = SubgraphContext<IpLoaders>;

@Resolver(() => Institution)
export class InstitutionResolver {
  @FieldResolver(() => [Patent], { nullable: true, description: 'Patents and applications, newest filing first.' })
  @Directive(SLICED_BY_FIRST)
  async patents(
    @Root() institution: Institution,
    @Args() { first }: NestedListArgs,
    @Arg('legalStatus', () => PatentLegalStatus, { nullable: true }) legalStatus: PatentLegalStatus | null,
    @Ctx() ctx: Context,
  ) {
    const rows = await ctx.loaders.patents.load(institution.uscc);
    return firstRows(legalStatus ? rows.filter((row) => row.legalStatus === legalStatus) : rows, first);
  }

  @FieldResolver(() => [Trademark], { nullable: true, description: 'Trademarks, newest application first.' })
  @Directive(SLICED_BY_FIRST)
  async trademarks(
    @Root() institution: Institution,
    @Args() { first }: NestedListArgs,
    @Arg('status', () => TrademarkStatus, { nullable: true }) status: TrademarkStatus | null,
    @Ctx() ctx: Context,
  ) {
    const rows = await ctx.loaders.trademarks.load(institution.uscc);
    return firstRows(status ? rows.filter((row) => row.status === status) : rows, first);
  }

  @FieldResolver(() => [SoftwareCopyright], { nullable: true, description: 'Software copyright registrations, newest first.' })
  @Directive(SLICED_BY_FIRST)
  async softwareCopyrights(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.softwareCopyrights.load(institution.uscc), first);
  }

  @FieldResolver(() => [IntellectualPropertyRight], { nullable: true,
    description: 'Patents, trademarks and software copyrights in one list, newest first (by filing, application or registration date).',
  })
  @Directive(SLICED_BY_FIRST)
  async ipRights(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.ipRights.load(institution.uscc), first);
  }

  @FieldResolver(() => [IpPledge], { nullable: true, description: 'Patent and trademark pledges registered as loan security.' })
  @Directive(SLICED_BY_FIRST)
  async ipPledges(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.ipPledges.load(institution.uscc), first);
  }

  @FieldResolver(() => [IpCreditRecord], { nullable: true,
    description: 'IP dishonesty findings; without ip:credit:read only those publicly listed today.',
  })
  @Directive(SLICED_BY_FIRST)
  async ipCreditRecords(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.ipCreditRecords.load(institution.uscc), first);
  }

  @FieldResolver(() => [IpEnforcementDecision], { nullable: true,
    description: 'IP infringement and counterfeiting decisions; without ip:credit:read only those publicly listed today.',
  })
  @Directive(SLICED_BY_FIRST)
  async ipEnforcementDecisions(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.ipEnforcementDecisions.load(institution.uscc), first);
  }
}
