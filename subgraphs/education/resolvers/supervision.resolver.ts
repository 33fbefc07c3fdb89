import { Arg, Args, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { findEventPage, type FeedVisibility } from '../../shared/commands/event-feed';
import { recordView } from '../../shared/commands/record-view';
import { firstRows, NestedListArgs } from '../../shared/list-args';
import type { EducationContext } from '../commands/context';
import { EducationEventConnection } from '../types/education-event.type';
import { Institution } from '../types/institution.type';
import { ComplaintCase, InspectionTask, ListEntry, Notice, PublicNotice, RectificationOrder, RegulatoryStatus, ViolationLead } from '../types/supervision-records.type';
import { CONNECTION_SLICED_BY_FIRST, SLICED_BY_FIRST } from '../../shared/cost';

/** Which machines' events the education feed carries, and the read scope each needs (null: any authenticated caller). */
export const EDUCATION_FEED: FeedVisibility = {
  REGULATORY_STATUS: null,
  LIST_STATUS: null,
  RECTIFICATION_ORDER: 'education:inspection:read',
  INSPECTION_DRAW: 'education:inspection:read',
  INSPECTION: 'education:inspection:read',
  NOTICE: 'education:notification:read',
  COMPLAINT: 'education:complaint:read',
  VIOLATION_LEAD: 'education:complaint:read',
  RISK_ALERT: 'education:alert:read',
};

async function one(ctx: EducationContext, machineName: string, kind: string, uscc: string) {
  const record = await ctx.loaders.records.byId(kind).load(uscc);
  return record ? recordView(machineName, record, await ctx.loaders.records.history(kind).load(record.id)) : null;
}

async function many(ctx: EducationContext, machineName: string, kind: string, uscc: string, first: number) {
  const records = firstRows(await ctx.loaders.records.byUscc(kind).load(uscc), first);
  const histories = await Promise.all(records.map((r) => ctx.loaders.records.history(kind).load(r.id)));
  return records.map((record, i) => recordView(machineName, record, histories[i]));
}

@Resolver(() => Institution)
export class SupervisionResolver {
  @FieldResolver(() => RegulatoryStatus, { nullable: true, description: 'Machine A: where the institution stands in filing, approval and exit.' })
  regulatoryStatus(@Root() institution: Institution, @Ctx() ctx: EducationContext) {
    return one(ctx, 'REGULATORY_STATUS', 'regulatory-status', institution.uscc);
  }

  @FieldResolver(() => ListEntry, { nullable: true, description: 'Machine B: the list entry with its legal basis; null while on no list ever.' })
  listEntry(@Root() institution: Institution, @Ctx() ctx: EducationContext) {
    return one(ctx, 'LIST_STATUS', 'list-entry', institution.uscc);
  }

  @FieldResolver(() => [RectificationOrder], { nullable: true, description: 'Rectification orders, newest first.' })
  @Directive(SLICED_BY_FIRST)
  rectificationOrders(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: EducationContext) {
    return many(ctx, 'RECTIFICATION_ORDER', 'rectification-order', institution.uscc, first);
  }

  @FieldResolver(() => [InspectionTask], { nullable: true, description: 'Inspections drawn by 双随机, newest first.' })
  @Directive(SLICED_BY_FIRST)
  inspectionTasks(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: EducationContext) {
    return many(ctx, 'INSPECTION', 'inspection', institution.uscc, first);
  }

  @FieldResolver(() => [Notice], { nullable: true, description: 'Notices (通报) with their history, newest first.' })
  @Directive(SLICED_BY_FIRST)
  notices(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: EducationContext) {
    return many(ctx, 'NOTICE', 'notice', institution.uscc, first);
  }

  @FieldResolver(() => [PublicNotice], { description: 'Notices (通报) to the public in force, newest first: public, for anyone; withdrawn ones leave the list.' })
  @Directive(SLICED_BY_FIRST)
  async publicNotices(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: EducationContext) {
    const records = await ctx.loaders.records.byUscc('notice').load(institution.uscc);
    return firstRows(records.filter((r) => r.state === 'ISSUED' && r.data.audience === 'PUBLIC'), first).map((r) => ({
      id: r.id, kind: r.data.kind, title: r.data.title, documentNo: r.data.documentNo, issuedOn: r.data.issuedOn,
    }));
  }

  @FieldResolver(() => [ComplaintCase], { nullable: true, description: 'Complaints as handled (machine D), newest first; complainants masked.' })
  @Directive(SLICED_BY_FIRST)
  complaintCases(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: EducationContext) {
    return many(ctx, 'COMPLAINT', 'complaint', institution.uscc, first);
  }

  @FieldResolver(() => [ViolationLead], { nullable: true, description: 'Leads (举报, machine E) about the institution, newest first.' })
  @Directive(SLICED_BY_FIRST)
  violationLeads(@Root() institution: Institution, @Args() { first }: NestedListArgs, @Ctx() ctx: EducationContext) {
    return many(ctx, 'VIOLATION_LEAD', 'violation-lead', institution.uscc, first);
  }
}

@Resolver()
export class EducationEventsResolver {
  @Query(() => EducationEventConnection, { description: 'The education event log, oldest first: only the event types the caller may see.' })
  @Directive('@authenticated')
  @Directive(CONNECTION_SLICED_BY_FIRST)
  educationEvents(
    @Arg('since', () => String, { nullable: true, description: 'endCursor of the previous page; from the start when absent.' }) since: string | null,
    @Arg('types', () => [String], { nullable: true, description: 'MACHINE or MACHINE.COMMAND names, e.g. LIST_STATUS or REGULATORY_STATUS.REVOKE.' }) types: string[] | null,
    @Arg('region', () => String, { nullable: true, description: 'GB/T 2260 code; a province or city code covers its districts.' }) region: string | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Ctx() ctx: EducationContext,
  ) {
    return findEventPage({ eventPage: ctx.loaders.eventPage }, EDUCATION_FEED, ctx.principal, { since, types, region, first });
  }
}
