import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Arg, Ctx, Directive, Field, InputType, Int, Mutation, Query, Resolver } from 'type-graphql';
import { UsccScalar } from '../../../common/scalars/uscc.scalar';
import { PUBLIC_ACTOR, regionCovers, regionPrefix } from '../../shared/commands/actor';
import { CommandInput } from '../../shared/commands/command-input';
import { commandEnum } from '../../shared/commands/command-enum';
import { recordView, responseView } from '../../shared/commands/record-view';
import { boundedText, runCommand } from '../../shared/commands/run-command';
import { machine } from '../../shared/commands/state-machine';
import { type DueDate } from '../../shared/commands/working-days';
import { chinaToday } from '../../../common/china-day';
import { badUserInput, subgraphError } from '../../shared/errors';
import { assertPageSize } from '../../shared/list-args';
import { requiresScopes } from '../../shared/requirements';
import { ComplaintCategory } from '../types/enums';
import { COMPLAINT_SCOPES, ComplaintCase, ComplaintCaseConnection, ComplaintReceipt, ComplaintTracking } from '../types/supervision-records.type';
import { accessCodeFor, checkComplainant, normalizeAccessCode, sealComplainant } from './complainant';
import { commandSide, type EducationContext } from './context';
import { CONNECTION_SLICED_BY_FIRST } from '../../shared/cost';

export const COMPLAINT_WRITE = 'education:complaint:write';
const MACHINE = 'COMPLAINT';
const KIND = 'complaint';
// Filing a complaint is submitComplaint's: the public's, without a token.
export const ComplaintCommand = commandEnum(MACHINE, 'ComplaintCommand', ['SUBMIT']);
/** States in which the authority owes the complainant something by a date. */
const WAITING_STATES = ['RECEIVED', 'ACCEPTED', 'MEDIATING', 'MEDIATION_TERMINATED'];
const MAX_FACTS = 2000;
const MAX_REQUEST = 500;

/** Machine D's states as the coarse status the complaints list has always shown. */
const LEGACY_STATUS: Readonly<Record<string, string>> = {
  RECEIVED: 'RECEIVED', ACCEPTED: 'IN_PROGRESS', MEDIATING: 'IN_PROGRESS', MEDIATION_TERMINATED: 'IN_PROGRESS',
  SETTLED: 'RESOLVED', CLOSED: 'RESOLVED', NOT_ACCEPTED: 'DISMISSED', TRANSFERRED: 'DISMISSED',
};

/** The deadline each command starts (SAMR Order 20 arts. 14 and 21 as data); null stops the clock. */
const DEADLINE_AFTER: Readonly<Record<string, string | null>> = {
  SUBMIT: 'complaint.acceptance', ACCEPT: 'complaint.mediation', TERMINATE_MEDIATION: 'complaint.termination-notice',
  DECLINE: null, TRANSFER: null, SETTLE: null, CLOSE: null,
};

@InputType({ description: 'A complaint from a member of the public; no account or token needed.' })
export class SubmitComplaintInput {
  @Field({ description: 'Chosen by the complainant\'s app, 8-128 characters; resending it returns the first receipt.' })
  idempotencyKey!: string;

  @Field(() => UsccScalar, { description: 'The institution complained about.' })
  respondentUscc!: string;

  @Field(() => ComplaintCategory)
  category!: ComplaintCategory;

  @Field({ description: `What happened, 10 to ${MAX_FACTS} characters.` })
  facts!: string;

  @Field(() => String, { nullable: true, description: `What the complainant asks for, at most ${MAX_REQUEST} characters.` })
  request?: string | null;

  @Field({ description: 'Stored encrypted; agencies see it masked.' })
  complainantName!: string;

  @Field({ description: 'Mainland mobile or landline; stored encrypted; agencies see it masked.' })
  complainantPhone!: string;
}

@InputType()
export class ComplaintTransitionInput extends CommandInput {
  @Field()
  trackingNo!: string;

  @Field(() => ComplaintCommand)
  command!: string;

  @Field(() => String, { nullable: true, description: 'DECLINE: the ground for not accepting; TRANSFER: the body it goes to; SETTLE/TERMINATE_MEDIATION/CLOSE: the outcome.' })
  detail?: string | null;
}

function makeTrackingNo(today: string): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const random = [...randomBytes(8)].map((b) => alphabet[b & 31]).join('');
  return `TS${today.replaceAll('-', '')}${random}`;
}

function dueData(due: DueDate | null) {
  return { dueRule: due?.rule ?? null, calendarVersion: due?.calendarVersion ?? null, dueProvisional: due?.provisional ?? false };
}

@Resolver()
export class ComplaintCommands {
  @Mutation(() => ComplaintReceipt, { description: 'Files a complaint without an account: returns a tracking number and, once, an access code.' })
  async submitComplaint(@Arg('input', () => SubmitComplaintInput) input: SubmitComplaintInput, @Ctx() ctx: EducationContext) {
    if (!ctx.writes) throw new Error('the education subgraph was built without its command side');
    const { environment, store } = ctx.writes;
    const cipher = environment.personalData;
    if (!cipher) throw new Error('no personal-data key is configured (PERSONAL_DATA_KEY_FILE)');
    const facts = boundedText(input.facts, 'input.facts', MAX_FACTS, 10)!.trim();
    const request = boundedText(input.request, 'input.request', MAX_REQUEST)?.trim() || null;
    const complainant = checkComplainant(input.complainantName, input.complainantPhone);
    const respondent = await ctx.loaders.institution.load(input.respondentUscc);
    if (!respondent) throw badUserInput(`no institution ${input.respondentUscc} is in the education registry`, { argument: 'input.respondentUscc', reason: 'NOT_FOUND' });
    const now = environment.now();
    const trackingNo = makeTrackingNo(chinaToday(now));
    const response = await runCommand(store, PUBLIC_ACTOR, now, {
      machine: machine(MACHINE), command: 'SUBMIT', recordId: trackingNo,
      create: { uscc: input.respondentUscc, regionCode: respondent.regionCode },
      expectedVersion: 0, idempotencyKey: input.idempotencyKey,
      // A replay is recognised by a hash of its input; the contact enters it only as keyed digests,
      // so the stored hash cannot be brute-forced back to a phone number.
      input: {
        ...input,
        complainantName: cipher.digest('complaint-idempotency', cipher.currentKid, complainant.name).toString('hex'),
        complainantPhone: cipher.digest('complaint-idempotency', cipher.currentKid, complainant.phone).toString('hex'),
      },
      apply: ({ today }) => {
        const due = environment.deadlines.due('complaint.acceptance', today);
        return {
          data: {
            trackingNo, category: input.category, facts, request, receivedOn: today, accessKid: cipher.currentKid,
            complainant: sealComplainant(cipher, trackingNo, complainant.name, complainant.phone), ...dueData(due),
          },
          dueOn: due.dueOn,
          // The event tells what happened and by when the authority must act; never who complained.
          payload: { category: input.category, channel: 'PUBLIC_ONLINE', due },
        };
      },
      project: (record, projections) => projections.upsertComplaint({
        id: record.id, uscc: input.respondentUscc, category: input.category, status: 'RECEIVED', receivedOn: String(record.data.receivedOn),
        resolvedOn: null, summary: facts, asOf: record.updatedAt,
      }),
    });
    const { record } = response;
    return {
      trackingNo: record.id,
      accessCode: accessCodeFor(cipher, String(record.data.accessKid), record.id),
      receivedOn: record.data.receivedOn,
      acceptanceDueOn: record.dueOn,
    };
  }

  @Query(() => ComplaintTracking, { description: 'A complaint as its complainant follows it, with the tracking number and access code from the receipt.' })
  async complaintStatus(@Arg('trackingNo') trackingNo: string, @Arg('accessCode') accessCode: string, @Ctx() ctx: EducationContext) {
    const cipher = ctx.writes?.environment.personalData;
    const notFound = () => badUserInput('no complaint matches this tracking number and access code', { reason: 'NOT_FOUND' });
    if (!cipher || trackingNo.length > 40 || accessCode.length > 40) throw notFound();
    const record = /^TS\d{8}[0-9A-Z]{8}$/.test(trackingNo) ? await ctx.loaders.records.byId(KIND).load(trackingNo) : null;
    // The digest is computed whether or not the record exists, so timing does not tell which was wrong.
    const expected = Buffer.from(accessCodeFor(cipher, String(record?.data.accessKid ?? cipher.currentKid), trackingNo));
    const given = Buffer.from(normalizeAccessCode(accessCode).padEnd(expected.length, '?').slice(0, expected.length));
    if (!timingSafeEqual(expected, given) || !record) throw notFound();
    const history = await ctx.loaders.records.history(KIND).load(trackingNo);
    return {
      trackingNo, state: record.state, category: record.data.category, receivedOn: record.data.receivedOn, dueOn: record.dueOn,
      version: record.version,
      steps: history.map((event) => ({ state: event.toState, on: chinaToday(event.occurredAt) })),
    };
  }

  @Mutation(() => ComplaintCase, { description: 'Machine D: accept, decline, transfer, mediate, settle, terminate mediation, close; deadlines counted in working days.' })
  @Directive(requiresScopes([COMPLAINT_WRITE]))
  async transitionComplaint(@Arg('input', () => ComplaintTransitionInput) input: ComplaintTransitionInput, @Ctx() ctx: EducationContext) {
    const { writes, actor, now } = commandSide(ctx);
    const detail = boundedText(input.detail, 'input.detail', 500)?.trim() || null;
    if ((input.command === 'DECLINE' || input.command === 'TRANSFER') && !detail) {
      throw badUserInput(`${input.command} needs input.detail (${input.command === 'DECLINE' ? 'the ground for not accepting' : 'the body it is transferred to'})`, { argument: 'input.detail' });
    }
    const response = await runCommand(writes.store, actor, now, {
      machine: machine(MACHINE), command: input.command, recordId: input.trackingNo,
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: ({ today }) => {
        const rule = DEADLINE_AFTER[input.command];
        // Mediation runs from acceptance: starting it keeps the clock acceptance started.
        if (rule === undefined) return { payload: detail ? { detail } : {} };
        const due = rule ? writes.environment.deadlines.due(rule, today) : null;
        return { data: dueData(due), dueOn: due?.dueOn ?? null, payload: { ...(detail ? { detail } : {}), ...(due ? { due } : {}) } };
      },
      project: (record, projections) => projections.upsertComplaint({
        id: record.id, uscc: record.uscc!, category: String(record.data.category), status: LEGACY_STATUS[record.state] ?? 'IN_PROGRESS',
        receivedOn: String(record.data.receivedOn),
        resolvedOn: ['RESOLVED', 'DISMISSED'].includes(LEGACY_STATUS[record.state] ?? '') ? chinaToday(record.updatedAt) : null,
        summary: String(record.data.facts), asOf: record.updatedAt,
      }),
    });
    return responseView(MACHINE, response);
  }

  @Query(() => ComplaintCaseConnection, { description: 'Complaints whose deadline has passed, by due date: a bureau sees its own region.' })
  @Directive(requiresScopes(...COMPLAINT_SCOPES))
  @Directive(CONNECTION_SLICED_BY_FIRST)
  async overdueComplaints(
    @Arg('region', () => String, { nullable: true, description: 'GB/T 2260 code; defaults to the officer\'s region.' }) region: string | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: EducationContext,
  ) {
    assertPageSize(first);
    const wanted = region ?? ctx.principal.region ?? '000000';
    after = after ?? null;
    if (!/^\d{6}$/.test(wanted)) throw badUserInput(`region must be a 6-digit GB/T 2260 code, got '${wanted}'`, { argument: 'region' });
    if (ctx.principal.region && !regionCovers(ctx.principal.region, regionPrefix(wanted).padEnd(6, '0'))) {
      throw subgraphError('FORBIDDEN', `region ${wanted} is outside the officer's region ${ctx.principal.region}`, { reason: 'OUTSIDE_REGION' });
    }
    const cursor = after ? decodeDueCursor(after) : null;
    const rows = await ctx.loaders.overdueRecords({
      kind: KIND, states: WAITING_STATES, today: chinaToday(ctx.writes?.environment.now() ?? new Date()),
      regionPrefix: regionPrefix(wanted), after: cursor, limit: first + 1,
    });
    const page = rows.slice(0, first);
    const histories = await Promise.all(page.map((r) => ctx.loaders.records.history(KIND).load(r.id)));
    const last = page.at(-1);
    return {
      edges: page.map((r, i) => ({ cursor: dueCursor(r.dueOn!, r.id), node: recordView(MACHINE, r, histories[i]) })),
      hasNextPage: rows.length > first,
      endCursor: last ? dueCursor(last.dueOn!, last.id) : null,
    };
  }
}

export function complaintView(record: Parameters<typeof recordView>[1], history: Parameters<typeof recordView>[2]) {
  return recordView(MACHINE, record, history);
}

function dueCursor(dueOn: string, id: string): string {
  return Buffer.from(`due:${dueOn}:${id}`).toString('base64url');
}

function decodeDueCursor(cursor: string): { dueOn: string; id: string } {
  const match = /^due:(\d{4}-\d{2}-\d{2}):(.+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badUserInput(`after is not a cursor this API issued: '${cursor}'`, { argument: 'after' });
  return { dueOn: match[1]!, id: match[2]! };
}

export const COMPLAINT_KIND = KIND;
export { ComplaintCase };
