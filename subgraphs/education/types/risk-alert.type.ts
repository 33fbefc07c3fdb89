import { Directive, Field, Float, InputType, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { StoredEvent } from '../../shared/commands/command-store';
import { MachineRecordFields } from '../../shared/commands/machine-record.type';
import { requiresScopes } from '../../shared/requirements';
import { EducationEvent } from './education-event.type';

/** Alerts carry other agencies' non-public facts as evidence: reading them needs the alert scope (or acting on them). */
export const ALERT_READ = 'education:alert:read';
export const ALERT_WRITE = 'education:alert:write';
export const ALERT_SCOPES = [[ALERT_READ], [ALERT_WRITE]] as const;

@ObjectType({ description: 'One fact that fired an alert, as the rule engine read it through the gateway.' })
@Directive(requiresScopes(...ALERT_SCOPES))
export class AlertEvidence {
  @Field({ description: 'The agency holding the record: education, market, credit, ip or finance.' })
  agency!: string;

  @Field({ description: 'What was compared, e.g. custodyCoverage or refundComplaints.' })
  fact!: string;

  @Field({ description: 'The record the fact comes from, as its agency names it.' })
  recordRef!: string;

  @Field({ description: 'When the agency last confirmed the record (its provenance or the record\'s date).' })
  asOf!: string;

  @Field(() => String, { nullable: true, description: 'The value compared (a number, state or date), as text.' })
  value!: string | null;

  @Field(() => Float, { nullable: true, description: 'The threshold it was compared with, when the rule has one.' })
  threshold!: number | null;
}

@ObjectType({ description: 'A cross-agency early-warning alert (machine H): raised by a rule, acknowledged, assessed, disposed, closed.' })
@Directive(requiresScopes(...ALERT_SCOPES))
export class RiskAlert extends MachineRecordFields {
  @Field({ description: 'The rule in rules/risk-rules.json that fired.' })
  ruleId!: string;

  @Field({ description: 'Version of rules/risk-rules.json the rule was evaluated under.' })
  ruleVersion!: string;

  @Field({ description: 'YELLOW or RED.' })
  level!: string;

  @Field()
  title!: string;

  @Field({ description: 'The legal basis the rule rests on.' })
  legalBasis!: string;

  @Field(() => [AlertEvidence], { description: 'Every fact that fired the rule, with its agency, record and as-of time.' })
  evidence!: AlertEvidence[];

  @Field({ description: 'SHA-256 of the rule and the evidence: a rerun on the same facts raises nothing new.' })
  fingerprint!: string;

  @Field(() => GraphQLDateTime)
  raisedAt!: string;

  @Field(() => String, { nullable: true, description: 'The assessment recorded by ASSESS.' })
  assessment!: string | null;

  @Field(() => String, { nullable: true, description: 'The action recorded by DISPOSE (约谈, 责令整改, 联合执法 ...).' })
  disposalAction!: string | null;

  @Field(() => [EducationEvent])
  history!: StoredEvent[];
}

@ObjectType()
@Directive(requiresScopes(...ALERT_SCOPES))
export class RiskAlertEdge {
  @Field()
  cursor!: string;

  @Field(() => RiskAlert)
  node!: RiskAlert;
}

@ObjectType({ description: 'A page of alerts, newest first.' })
@Directive(requiresScopes(...ALERT_SCOPES))
export class RiskAlertConnection {
  @Field(() => [RiskAlertEdge])
  edges!: RiskAlertEdge[];

  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@InputType({ description: 'One fact of an alert\'s evidence.' })
export class AlertEvidenceInput {
  @Field()
  agency!: string;

  @Field()
  fact!: string;

  @Field()
  recordRef!: string;

  @Field()
  asOf!: string;

  @Field(() => String, { nullable: true })
  value?: string | null;

  @Field(() => Float, { nullable: true })
  threshold?: number | null;
}
