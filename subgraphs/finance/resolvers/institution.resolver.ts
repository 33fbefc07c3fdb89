import { Args, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../shared/agency';
import { SLICED_BY_FIRST } from '../../shared/cost';
import { firstRows, NestedListArgs } from '../../shared/list-args';
import { requiresScopes } from '../../shared/requirements';
import type { FinanceLoaders } from '../data/loaders';
import { CREDIT_REFERENCE_SCOPE, CreditReferenceIndicators } from '../types/credit-reference-indicators.type';
import { FinanceAlert } from '../types/finance-alert.type';
import { FinancialPenalty } from '../types/financial-penalty.type';
import { FinancingEvent } from '../types/financing-event.type';
import { Institution } from '../types/institution.type';
import { CUSTODY_SCOPE, PrepaidCustody } from '../types/prepaid-custody.type';
import { CustodyRecord } from '../types/custody-record.type';
import { recordView } from '../../shared/commands/record-view';

type Context = SubgraphContext<FinanceLoaders>;

@Resolver(() => Institution)
export class InstitutionResolver {
  @FieldResolver(() => PrepaidCustody, { nullable: true, description: 'Prepaid-fee supervision; null when none is on record.' })
  prepaidCustody(@Root() institution: Institution, @Ctx() ctx: Context) {
    return ctx.loaders.prepaidCustody.load(institution.uscc);
  }

  @FieldResolver(() => CustodyRecord, {
    nullable: true,
    description: 'The custody machine record with every snapshot in its history (RECORD_SNAPSHOT events), for balance trends; null when none is on record.',
  })
  async custodyRecord(@Root() institution: Institution, @Ctx() ctx: Context) {
    const record = await ctx.loaders.records.byId('custody').load(institution.uscc);
    return record ? recordView('CUSTODY', record, await ctx.loaders.records.history('custody').load(record.id)) : null;
  }

  @FieldResolver(() => [FinancingEvent], { nullable: true, description: 'Financing rounds, offerings and bond issues, latest first.' })
  @Directive(SLICED_BY_FIRST)
  async financingEvents(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.financingEvents.load(institution.uscc), first);
  }

  @FieldResolver(() => [FinancialPenalty], { nullable: true,
    description: 'Financial-regulator penalties, latest first: those public today, or all with finance:penalty:read.',
  })
  @Directive(SLICED_BY_FIRST)
  async financialPenalties(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.financialPenalties.load(institution.uscc), first);
  }

  @FieldResolver(() => CreditReferenceIndicators, { nullable: true, description: 'Null when the institution has no credit record.' })
  creditReferenceIndicators(@Root() institution: Institution, @Ctx() ctx: Context) {
    return ctx.loaders.creditReferenceIndicators.load(institution.uscc);
  }

  @FieldResolver(() => [FinanceAlert], { nullable: true,
    description: 'Custody shortfall and overdue-loan alerts; each kind appears only to holders of its scope.',
  })
  @Directive(requiresScopes([CUSTODY_SCOPE], [CREDIT_REFERENCE_SCOPE]))
  @Directive(SLICED_BY_FIRST)
  async financeAlerts(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: Context) {
    return firstRows(await ctx.loaders.financeAlerts(institution.uscc), first);
  }
}
