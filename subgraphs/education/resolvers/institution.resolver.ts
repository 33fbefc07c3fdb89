import { Arg, Args, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { UsccScalar } from '../../../common/scalars/uscc.scalar';
import type { SubgraphContext } from '../../shared/agency';
import { CONNECTION_SLICED_BY_FIRST, cost, SLICED_BY_FIRST } from '../../shared/cost';
import { firstRows, NestedListArgs } from '../../shared/list-args';
import type { EducationLoaders } from '../data/loaders';
import { BusinessSystem } from '../types/business-system.type';
import { Complaint } from '../types/complaint.type';
import { Course } from '../types/course.type';
import { FeeRule } from '../types/fee-rule.type';
import { Filing } from '../types/filing.type';
import { Inspection } from '../types/inspection.type';
import { InstitutionConnection } from '../types/institution-connection.type';
import { InstitutionFilter } from '../types/institution-filter.input';
import { Institution } from '../types/institution.type';
import { Notification } from '../types/notification.type';
import { Trainer } from '../types/trainer.type';
import { DEFAULT_PAGE_SIZE, findInstitutionPage } from './institution-page';

type Context = SubgraphContext<EducationLoaders>;

@Resolver(() => Institution)
export class InstitutionResolver {
  @Query(() => Institution, { nullable: true, description: 'One institution by USCC; null when none is registered.' })
  institution(@Arg('uscc', () => UsccScalar) uscc: string, @Ctx() ctx: Context) {
    return ctx.loaders.institution.load(uscc);
  }

  @Query(() => InstitutionConnection, { description: 'Institutions in USCC order, filtered, a page at a time.' })
  @Directive(CONNECTION_SLICED_BY_FIRST)
  // A range scan, and with `nameContains` a scan of every name: more than one keyed lookup.
  @Directive(cost(10))
  institutions(
    @Arg('filter', () => InstitutionFilter, { nullable: true }) filter: InstitutionFilter | null,
    @Arg('first', () => Int, { defaultValue: DEFAULT_PAGE_SIZE }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return findInstitutionPage(ctx.loaders, filter, first, after);
  }

  @FieldResolver(() => Filing, { nullable: true })
  filing(@Root() institution: Institution, @Ctx() ctx: Context) {
    return ctx.loaders.filing.load(institution.uscc);
  }

  @FieldResolver(() => FeeRule, { nullable: true })
  feeRule(@Root() institution: Institution, @Ctx() ctx: Context) {
    return ctx.loaders.feeRule.load(institution.uscc);
  }

  @FieldResolver(() => [BusinessSystem], { nullable: true })
  @Directive(SLICED_BY_FIRST)
  async businessSystems(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.businessSystems.load(institution.uscc), first);
  }

  @FieldResolver(() => [Course], { nullable: true })
  @Directive(SLICED_BY_FIRST)
  async courses(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.courses.load(institution.uscc), first);
  }

  @FieldResolver(() => [Trainer], { nullable: true })
  @Directive(SLICED_BY_FIRST)
  async trainers(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.trainers.load(institution.uscc), first);
  }

  @FieldResolver(() => [Complaint], { nullable: true })
  @Directive(SLICED_BY_FIRST)
  async complaints(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.complaints.load(institution.uscc), first);
  }

  @FieldResolver(() => [Inspection], { nullable: true })
  @Directive(SLICED_BY_FIRST)
  async inspections(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.inspections.load(institution.uscc), first);
  }

  @FieldResolver(() => [Notification], { nullable: true })
  @Directive(SLICED_BY_FIRST)
  async notifications(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.notifications.load(institution.uscc), first);
  }
}
