import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CreditFact } from '../../shared/credit-facts/credit-fact';
import { CREDIT_FACTS_DESCRIPTION, monthsBefore, sealFacts } from '../../shared/credit-facts/seal-facts';
import { todayIso } from '../../shared/types/publicity-status';
import type { EducationContext } from '../commands/context';
import { Institution } from '../types/institution.type';

const LATE_RECTIFICATION = new Set(['OVERDUE', 'VERIFIED_FAIL', 'ESCALATED']);
const OPEN_RECTIFICATION = new Set(['ISSUED', 'EVIDENCE_SUBMITTED']);
const VIOLATION_RESULTS = new Set(['RECTIFICATION_ORDERED', 'REFERRED']);

/** Education's facts for the credit evaluation: status, lists, trainers, complaints, rectification, inspections. */
export async function educationCreditFacts(ctx: EducationContext, uscc: string, today: string): Promise<CreditFact[]> {
  const { loaders } = ctx;
  const [status, list, trainers, complaints, orders, inspections] = await Promise.all([
    loaders.records.byId('regulatory-status').load(uscc),
    loaders.records.byId('list-entry').load(uscc),
    loaders.trainers.load(uscc),
    loaders.complaints.load(uscc),
    loaders.records.byUscc('rectification-order').load(uscc),
    loaders.inspections.load(uscc),
  ]);
  const facts: CreditFact[] = [];
  if (status?.state === 'REVOKED') facts.push({ fact: 'FILING_REVOKED', recordRef: String(status.data.decisionDocNo ?? status.id), asOf: status.updatedAt, public: true });
  if (list?.state === 'BLACK') facts.push({ fact: 'LIST_BLACK', recordRef: list.id, asOf: list.updatedAt, public: true });
  if (list?.state === 'REMOVED_PENDING_RECTIFICATION') facts.push({ fact: 'LIST_PENDING_RECTIFICATION', recordRef: list.id, asOf: list.updatedAt, public: true });
  for (const t of trainers) if (t.certificateNo === null) facts.push({ fact: 'TRAINER_UNQUALIFIED', recordRef: t.id, asOf: t.provenance.asOf.toISOString(), public: true });
  const since = monthsBefore(today, 12);
  for (const c of complaints) {
    if (c.receivedOn < since || c.status === 'DISMISSED') continue;
    facts.push({ fact: c.category === 'REFUND' ? 'COMPLAINT_REFUND' : 'COMPLAINT_OTHER', recordRef: c.id, asOf: c.receivedOn, public: false });
  }
  for (const o of orders) {
    const late = LATE_RECTIFICATION.has(o.state) || (OPEN_RECTIFICATION.has(o.state) && o.dueOn !== null && o.dueOn < today);
    if (late) facts.push({ fact: 'RECTIFICATION_OVERDUE', recordRef: o.id, asOf: o.updatedAt, public: false });
  }
  const inspectedSince = monthsBefore(today, 36);
  for (const i of inspections) {
    if (i.inspectedOn >= inspectedSince && VIOLATION_RESULTS.has(i.result)) facts.push({ fact: 'INSPECTION_VIOLATION', recordRef: i.id, asOf: i.inspectedOn, public: false });
  }
  return facts;
}

@Resolver(() => Institution)
export class CreditFactsResolver {
  @FieldResolver(() => String, { nullable: true, description: CREDIT_FACTS_DESCRIPTION })
  @Directive('@inaccessible')
  async educationCreditFacts(@Root() institution: Institution, @Ctx() ctx: EducationContext): Promise<string> {
    const today = todayIso();
    const [facts, trainers] = await Promise.all([educationCreditFacts(ctx, institution.uscc, today), ctx.loaders.trainers.load(institution.uscc)]);
    const staff = trainers.map((t) => ({ trainerId: t.id, displayName: t.displayName, idHash: t.idHash }));
    return sealFacts(ctx, 'education', institution.uscc, facts, staff);
  }
}
