import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import type { StoredEvent } from '../../shared/commands/command-store';
import { MachineRecordFields } from '../../shared/commands/machine-record.type';
import { requiresScopes } from '../../shared/requirements';
import { EducationEvent } from './education-event.type';
import { LeadCategory, LeadChannel, LeadOutcome } from './enums';

/** Records guarded by a read scope are also open to holders of the write scope that produces them. */
export const RECTIFICATION_SCOPES = [['education:inspection:read'], ['education:rectification:write']] as const;
export const INSPECTION_SCOPES = [['education:inspection:read'], ['education:inspection:write']] as const;
export const NOTICE_SCOPES = [['education:notification:read'], ['education:notice:write']] as const;
export const COMPLAINT_SCOPES = [['education:complaint:read'], ['education:complaint:write']] as const;
/** Leads are read by those who handle complaints, and by those who handle leads. */
export const LEAD_SCOPES = [['education:complaint:read'], ['education:lead:write']] as const;

@ObjectType({ description: 'An institution\'s regulatory status (machine A): filing, review, approval, suspension, revocation, exit.' })
export class RegulatoryStatus extends MachineRecordFields {
  @Field({ description: 'Filing number on the national supervision platform, assigned at submission.' })
  filingNo!: string;

  @Field(() => String, { nullable: true, description: 'School-running permit number, once approved.' })
  permitNo!: string | null;

  @Field(() => String, { nullable: true, description: 'Document number of the latest decision.' })
  decisionDocNo!: string | null;

  @Field(() => [EducationEvent], { description: 'Every transition, oldest first.' })
  history!: StoredEvent[];
}

@ObjectType({ description: 'The institution\'s entry on the education lists (machine B), with its legal basis.' })
export class ListEntry extends MachineRecordFields {
  @Field(() => String, { nullable: true, description: 'Legal basis of the latest list decision.' })
  legalBasis!: string | null;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day of the latest list decision.' })
  listedOn!: string | null;

  @Field(() => [EducationEvent])
  history!: StoredEvent[];
}

@ObjectType({ description: 'A rectification order (machine C): items, due date, evidence, outcome.' })
@Directive(requiresScopes(...RECTIFICATION_SCOPES))
export class RectificationOrder extends MachineRecordFields {
  @Field(() => [String])
  items!: string[];

  @Field(() => GraphQLLocalDate)
  issuedOn!: string;

  @Field(() => [String], { description: 'Evidence references the institution submitted (document numbers, file hashes).' })
  evidence!: string[];

  @Field(() => Boolean, { description: 'True when the due date passed with the order still ISSUED.' })
  overdue!: boolean;

  @Field(() => [EducationEvent])
  history!: StoredEvent[];
}

@ObjectType({ description: 'One inspection drawn by 双随机 (machine INSPECTION): object, inspectors, result, publication.' })
@Directive(requiresScopes(...INSPECTION_SCOPES))
export class InspectionTask extends MachineRecordFields {
  @Field()
  drawId!: string;

  @Field()
  item!: string;

  @Field(() => [String], { description: 'Enforcement-certificate numbers of the inspectors drawn (at least 2).' })
  inspectors!: string[];

  @Field(() => String, { nullable: true })
  result!: string | null;

  @Field(() => String, { nullable: true })
  findings!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  publishedOn!: string | null;

  @Field(() => [EducationEvent])
  history!: StoredEvent[];
}

@ObjectType({ description: 'A reproducible 双随机 draw: anyone with the register snapshot and the seed can redo it.' })
@Directive(requiresScopes(...INSPECTION_SCOPES))
export class InspectionDraw {
  @Field()
  id!: string;

  @Field()
  item!: string;

  @Field({ description: 'GB/T 2260 region the object register covers.' })
  region!: string;

  @Field()
  seed!: string;

  @Field({ description: 'SHA-256 of the object register and the inspector register as drawn from.' })
  registerSnapshotHash!: string;

  @Field(() => [String], { description: 'The object register (USCCs in order) the draw was made from.' })
  register!: string[];

  @Field()
  algorithm!: string;

  @Field(() => [InspectionTask])
  tasks!: InspectionTask[];
}

@ObjectType({ description: 'A notice (通报) to the public or to agencies.' })
@Directive(requiresScopes(...NOTICE_SCOPES))
export class Notice extends MachineRecordFields {
  @Field({ description: 'PUBLIC or AGENCIES.' })
  audience!: string;

  @Field()
  kind!: string;

  @Field()
  title!: string;

  @Field()
  documentNo!: string;

  @Field(() => GraphQLLocalDate)
  issuedOn!: string;

  @Field(() => [EducationEvent])
  history!: StoredEvent[];
}

@ObjectType({ description: 'A notice (通报) issued to the public and not withdrawn: what anyone may read of it.' })
export class PublicNotice {
  @Field()
  id!: string;

  @Field()
  kind!: string;

  @Field()
  title!: string;

  @Field({ description: 'Document number of the notice.' })
  documentNo!: string;

  @Field(() => GraphQLLocalDate)
  issuedOn!: string;
}

@ObjectType({ description: 'A complainant as agencies see them: masked, never in full.' })
@Directive(requiresScopes(...COMPLAINT_SCOPES))
export class MaskedComplainant {
  @Field({ description: 'Surname and asterisks, e.g. 张**.' })
  nameMasked!: string;

  @Field({ description: 'First three and last four digits, e.g. 138****5678.' })
  phoneMasked!: string;
}

@ObjectType({ description: 'A complaint being handled (machine D), with its deadlines.' })
@Directive(requiresScopes(...COMPLAINT_SCOPES))
export class ComplaintCase extends MachineRecordFields {
  @Field({ description: 'The tracking number the complainant holds.' })
  trackingNo!: string;

  @Field()
  category!: string;

  @Field()
  facts!: string;

  @Field(() => String, { nullable: true })
  request!: string | null;

  @Field(() => GraphQLLocalDate)
  receivedOn!: string;

  @Field(() => MaskedComplainant, { nullable: true, description: 'Null for complaints received before intake recorded contacts.' })
  complainant!: MaskedComplainant | null;

  @Field(() => Boolean, { description: 'True when the running deadline has passed.' })
  overdue!: boolean;

  @Field(() => String, { nullable: true, description: 'The deadline rule running (complaint.acceptance, complaint.mediation ...).' })
  dueRule!: string | null;

  @Field(() => String, { nullable: true, description: 'Version of the working-day calendar the deadline was counted on.' })
  calendarVersion!: string | null;

  @Field(() => [EducationEvent])
  history!: StoredEvent[];
}

@ObjectType({ description: 'A lead (举报线索, machine E): screened by MOE, verified by the local department, reviewed above, audited by MOE. Who reported it is not kept here.' })
@Directive(requiresScopes(...LEAD_SCOPES))
export class ViolationLead extends MachineRecordFields {
  @Field(() => LeadCategory)
  category!: LeadCategory;

  @Field(() => LeadChannel)
  channel!: LeadChannel;

  @Field()
  facts!: string;

  @Field(() => String, { nullable: true, description: 'The complaint that revealed the violation, when it came from one.' })
  complaintTrackingNo!: string | null;

  @Field(() => GraphQLLocalDate)
  receivedOn!: string;

  @Field(() => LeadOutcome, { nullable: true, description: 'Set when the result is communicated.' })
  outcome!: LeadOutcome | null;

  @Field(() => Boolean, { description: 'True when the verification deadline has passed.' })
  overdue!: boolean;

  @Field(() => [EducationEvent])
  history!: StoredEvent[];
}

@ObjectType()
@Directive(requiresScopes(...COMPLAINT_SCOPES))
export class ComplaintCaseEdge {
  @Field()
  cursor!: string;

  @Field(() => ComplaintCase)
  node!: ComplaintCase;
}

@ObjectType({ description: 'A page of complaints, by due date.' })
@Directive(requiresScopes(...COMPLAINT_SCOPES))
export class ComplaintCaseConnection {
  @Field(() => [ComplaintCaseEdge])
  edges!: ComplaintCaseEdge[];

  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType({ description: 'What a complainant receives once, at submission. Keep the access code: it is not shown again.' })
export class ComplaintReceipt {
  @Field()
  trackingNo!: string;

  @Field({ description: 'Shown once; with the tracking number it opens complaintStatus.' })
  accessCode!: string;

  @Field(() => GraphQLLocalDate)
  receivedOn!: string;

  @Field(() => GraphQLLocalDate, { description: 'The authority decides whether to accept by this day (7 working days).' })
  acceptanceDueOn!: string;
}

@ObjectType({ description: 'One step of a complaint as its complainant sees it.' })
export class ComplaintStep {
  @Field()
  state!: string;

  @Field(() => GraphQLLocalDate)
  on!: string;
}

@ObjectType({ description: 'A complaint as its complainant follows it: state, deadlines and steps, nothing more.' })
export class ComplaintTracking {
  @Field()
  trackingNo!: string;

  @Field()
  state!: string;

  @Field()
  category!: string;

  @Field(() => GraphQLLocalDate)
  receivedOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'The next deadline the authority must meet, if one runs.' })
  dueOn!: string | null;

  @Field(() => [ComplaintStep])
  steps!: ComplaintStep[];

  @Field(() => Int)
  version!: number;
}
