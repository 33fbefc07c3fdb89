import { createHash } from 'node:crypto';
import { Arg, Args, Ctx, Directive, Field, FieldResolver, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { UsccScalar } from '../../../common/scalars/uscc.scalar';
import { regionCovers, regionPrefix } from '../../shared/commands/actor';
import { CommandInput } from '../../shared/commands/command-input';
import { commandEnum } from '../../shared/commands/command-enum';
import { recordView, responseView } from '../../shared/commands/record-view';
import { boundedText, runCommand } from '../../shared/commands/run-command';
import { machine } from '../../shared/commands/state-machine';
import { CONNECTION_SLICED_BY_FIRST, SLICED_BY_FIRST } from '../../shared/cost';
import { badUserInput, subgraphError } from '../../shared/errors';
import { assertPageSize, firstRows, NestedListArgs } from '../../shared/list-args';
import { requiresScopes } from '../../shared/requirements';
import { Institution } from '../types/institution.type';
import { ALERT_SCOPES, ALERT_WRITE, AlertEvidenceInput, RiskAlert, RiskAlertConnection } from '../types/risk-alert.type';
import { commandSide, type EducationContext } from './context';

const MACHINE = 'RISK_ALERT';
export const RISK_ALERT_KIND = 'risk-alert';
export const RiskAlertCommand = commandEnum(MACHINE, 'RiskAlertCommand');
const LEVELS = ['YELLOW', 'RED'] as const;
const OPEN_STATES = ['RAISED', 'ACKNOWLEDGED', 'ASSESSED', 'DISPOSED'];
const MAX_EVIDENCE = 50;

@InputType({ description: 'An alert as the rule engine raises it: the rule, the level and every fact that fired it.' })
export class RaiseRiskAlertInput extends CommandInput {
  @Field(() => UsccScalar)
  uscc!: string;

  @Field()
  ruleId!: string;

  @Field()
  ruleVersion!: string;

  @Field({ description: 'YELLOW or RED.' })
  level!: string;

  @Field()
  title!: string;

  @Field(() => [AlertEvidenceInput])
  evidence!: AlertEvidenceInput[];
}

@InputType()
export class RiskAlertTransitionInput extends CommandInput {
  @Field()
  alertId!: string;

  @Field(() => RiskAlertCommand)
  command!: string;

  @Field(() => String, { nullable: true, description: 'ASSESS: the assessment; DISPOSE: the action taken; MARK_FALSE_POSITIVE: why.' })
  note?: string | null;

  @Field(() => String, { nullable: true, description: 'ESCALATE: the new level (RED).' })
  level?: string | null;

  @Field(() => [AlertEvidenceInput], { nullable: true, description: 'ESCALATE: the evidence the higher level rests on.' })
  evidence?: AlertEvidenceInput[] | null;
}

/** Checks evidence and puts it in one canonical order, so that the same facts always hash the same. */
function canonicalEvidence(evidence: readonly AlertEvidenceInput[]): AlertEvidenceInput[] {
  if (evidence.length === 0 || evidence.length > MAX_EVIDENCE) throw badUserInput(`input.evidence must hold 1 to ${MAX_EVIDENCE} facts`, { argument: 'input.evidence' });
  const items = evidence.map((e, i) => {
    const where = `input.evidence[${i}]`;
    boundedText(e.agency, `${where}.agency`, 20, 2);
    boundedText(e.fact, `${where}.fact`, 60, 2);
    boundedText(e.recordRef, `${where}.recordRef`, 120, 1);
    boundedText(e.asOf, `${where}.asOf`, 40, 4);
    boundedText(e.value ?? null, `${where}.value`, 200);
    if (e.threshold !== undefined && e.threshold !== null && !Number.isFinite(e.threshold)) throw badUserInput(`${where}.threshold must be a number`, { argument: `${where}.threshold` });
    return { agency: e.agency, fact: e.fact, recordRef: e.recordRef, asOf: e.asOf, value: e.value ?? null, threshold: e.threshold ?? null };
  });
  const key = (e: AlertEvidenceInput) => `${e.agency}\u0000${e.fact}\u0000${e.recordRef}`;
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export function alertFingerprint(uscc: string, ruleId: string, ruleVersion: string, level: string, evidence: readonly AlertEvidenceInput[]): string {
  return createHash('sha256').update(JSON.stringify([uscc, ruleId, ruleVersion, level, evidence])).digest('hex');
}

function level(value: string | null | undefined, argument: string): string {
  if (!LEVELS.includes(value as (typeof LEVELS)[number])) throw badUserInput(`${argument} must be YELLOW or RED, got '${value ?? ''}'`, { argument });
  return value!;
}

function cursorOf(createdAt: string, id: string): string {
  return Buffer.from(`alert:${createdAt}:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const match = /^alert:(\d{4}-\d{2}-\d{2}T[\d:.]+Z):(RA-[0-9a-f]+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badUserInput(`after is not a cursor this API issued: '${cursor}'`, { argument: 'after' });
  return { createdAt: match[1]!, id: match[2]! };
}

@Resolver()
export class RiskAlertCommands {
  @Mutation(() => RiskAlert, {
    description:
      'Raises an alert (machine H). The record id comes from the rule and the evidence, so raising the same facts again ' +
      'replays (same idempotency key) or is CONFLICT (another key): a rerun on unchanged facts raises nothing new.',
  })
  @Directive(requiresScopes([ALERT_WRITE]))
  async raiseRiskAlert(@Arg('input', () => RaiseRiskAlertInput) input: RaiseRiskAlertInput, @Ctx() ctx: EducationContext) {
    const { writes, actor, now } = commandSide(ctx);
    const alertLevel = level(input.level, 'input.level');
    if (!/^[A-Z][A-Z0-9-]{1,39}$/.test(input.ruleId)) throw badUserInput('input.ruleId must be 2-40 characters of A-Z, 0-9 and -', { argument: 'input.ruleId' });
    boundedText(input.ruleVersion, 'input.ruleVersion', 40, 1);
    boundedText(input.title, 'input.title', 200, 2);
    const evidence = canonicalEvidence(input.evidence);
    const institution = await ctx.loaders.institution.load(input.uscc);
    if (!institution) throw badUserInput(`no institution ${input.uscc} is in the education registry`, { argument: 'input.uscc', reason: 'NOT_FOUND' });
    const fingerprint = alertFingerprint(input.uscc, input.ruleId, input.ruleVersion, alertLevel, evidence);
    const response = await runCommand(writes.store, actor, now, {
      machine: machine(MACHINE), command: 'RAISE', recordId: `RA-${fingerprint.slice(0, 24)}`,
      create: { uscc: input.uscc, regionCode: institution.regionCode },
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: ({ at }) => ({
        data: {
          ruleId: input.ruleId, ruleVersion: input.ruleVersion, level: alertLevel, title: input.title.trim(), legalBasis: input.legalBasis?.trim(),
          evidence, fingerprint, raisedAt: at, assessment: null, disposalAction: null,
        },
        payload: { ruleId: input.ruleId, ruleVersion: input.ruleVersion, level: alertLevel, fingerprint, evidence },
      }),
    });
    return responseView(MACHINE, response);
  }

  @Mutation(() => RiskAlert, { description: 'Moves an alert through machine H: ACKNOWLEDGE, ASSESS, DISPOSE, CLOSE, MARK_FALSE_POSITIVE, ESCALATE.' })
  @Directive(requiresScopes([ALERT_WRITE]))
  async transitionRiskAlert(@Arg('input', () => RiskAlertTransitionInput) input: RiskAlertTransitionInput, @Ctx() ctx: EducationContext) {
    const { writes, actor, now } = commandSide(ctx);
    const note = boundedText(input.note ?? null, 'input.note', 1000);
    const needsNote: Record<string, string> = { ASSESS: 'the assessment', DISPOSE: 'the action taken', MARK_FALSE_POSITIVE: 'why the alert is groundless' };
    if (needsNote[input.command] && !note?.trim()) throw badUserInput(`${input.command} needs input.note: ${needsNote[input.command]}`, { argument: 'input.note' });
    const response = await runCommand(writes.store, actor, now, {
      machine: machine(MACHINE), command: input.command, recordId: input.alertId,
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: ({ record }) => {
        if (input.command === 'ESCALATE') {
          const to = level(input.level, 'input.level');
          if (to !== 'RED' || record?.data.level !== 'YELLOW') throw badUserInput('ESCALATE raises a YELLOW alert to RED', { argument: 'input.level', reason: 'ILLEGAL_TRANSITION' });
          const evidence = canonicalEvidence(input.evidence ?? []);
          const fingerprint = alertFingerprint(record.uscc!, String(record.data.ruleId), String(record.data.ruleVersion), to, evidence);
          return { data: { level: to, evidence, fingerprint }, payload: { level: to, fingerprint, evidence } };
        }
        if (input.command === 'ASSESS') return { data: { assessment: note!.trim() }, payload: { assessment: note!.trim() } };
        if (input.command === 'DISPOSE') return { data: { disposalAction: note!.trim() }, payload: { action: note!.trim() } };
        return { payload: note ? { note: note.trim() } : {} };
      },
    });
    return responseView(MACHINE, response);
  }

  @Query(() => RiskAlertConnection, {
    description:
      'Alerts by region (a province, city or district code covers what lies in it; defaults to the caller\'s region), level and ' +
      'time raised, newest first. `open` keeps those not yet closed or found false positives.',
  })
  @Directive(requiresScopes(...ALERT_SCOPES))
  @Directive(CONNECTION_SLICED_BY_FIRST)
  async riskAlerts(
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Arg('level', () => String, { nullable: true, description: 'YELLOW or RED; both when absent.' }) alertLevel: string | null,
    @Arg('since', () => String, { nullable: true, description: 'ISO date or time; alerts raised at or after it.' }) since: string | null,
    @Arg('open', () => Boolean, { nullable: true }) open: boolean | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: EducationContext,
  ) {
    assertPageSize(first);
    const wanted = region ?? ctx.principal.region ?? '000000';
    if (!/^\d{6}$/.test(wanted)) throw badUserInput(`region must be a 6-digit GB/T 2260 code, got '${wanted}'`, { argument: 'region' });
    if (ctx.principal.region && !regionCovers(ctx.principal.region, regionPrefix(wanted).padEnd(6, '0'))) {
      throw subgraphError('FORBIDDEN', `region ${wanted} is outside the caller's region ${ctx.principal.region}`, { reason: 'OUTSIDE_REGION' });
    }
    if (alertLevel !== null && alertLevel !== undefined) level(alertLevel, 'level');
    let sinceIso: string | null = null;
    if (since) {
      const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(since) ? `${since}T00:00:00+08:00` : since);
      if (Number.isNaN(time)) throw badUserInput(`since must be an ISO date or time, got '${since}'`, { argument: 'since' });
      sinceIso = new Date(time).toISOString();
    }
    const rows = await ctx.loaders.riskAlertPage({
      regionPrefix: regionPrefix(wanted), level: alertLevel ?? null, since: sinceIso, states: open ? OPEN_STATES : null,
      after: after ? decodeCursor(after) : null, limit: first + 1,
    });
    const page = rows.slice(0, first);
    const histories = await Promise.all(page.map((r) => ctx.loaders.records.history(RISK_ALERT_KIND).load(r.id)));
    const last = page.at(-1);
    return {
      edges: page.map((r, i) => ({ cursor: cursorOf(r.createdAt, r.id), node: recordView(MACHINE, r, histories[i]) })),
      hasNextPage: rows.length > first,
      endCursor: last ? cursorOf(last.createdAt, last.id) : null,
    };
  }
}

@Resolver(() => Institution)
export class InstitutionRiskAlertsResolver {
  @FieldResolver(() => [RiskAlert], { nullable: true, description: 'Early-warning alerts about the institution, newest first; `open` keeps those not yet closed.' })
  @Directive(requiresScopes(...ALERT_SCOPES))
  @Directive(SLICED_BY_FIRST)
  async riskAlerts(
    @Root() institution: Institution,
    @Args() { first }: NestedListArgs,
    @Arg('open', () => Boolean, { nullable: true }) open: boolean | null,
    @Ctx() ctx: EducationContext,
  ) {
    const all = await ctx.loaders.records.byUscc(RISK_ALERT_KIND).load(institution.uscc);
    const records = firstRows(open ? all.filter((r) => OPEN_STATES.includes(r.state)) : all, first);
    const histories = await Promise.all(records.map((r) => ctx.loaders.records.history(RISK_ALERT_KIND).load(r.id)));
    return records.map((record, i) => recordView(MACHINE, record, histories[i]));
  }
}
