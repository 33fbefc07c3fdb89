import { randomUUID } from 'node:crypto';
import { Arg, Ctx, Directive, Field, InputType, Mutation, Resolver } from 'type-graphql';
import { UsccScalar } from '../../../common/scalars/uscc.scalar';
import { CommandInput } from '../../shared/commands/command-input';
import { commandEnum } from '../../shared/commands/command-enum';
import { responseView } from '../../shared/commands/record-view';
import { boundedText, runCommand } from '../../shared/commands/run-command';
import { machine } from '../../shared/commands/state-machine';
import { badUserInput } from '../../shared/errors';
import { requiresScopes } from '../../shared/requirements';
import { LeadCategory, LeadChannel, LeadOutcome } from '../types/enums';
import { ViolationLead } from '../types/supervision-records.type';
import { commandSide, type EducationContext } from './context';

export const LEAD_WRITE = 'education:lead:write';
const MACHINE = 'VIOLATION_LEAD';
export const LeadCommand = commandEnum(MACHINE, 'LeadCommand', ['RECEIVE']);
const MAX_FACTS = 2000;

/** The verification clock: started (and restarted on reopening) as data, stopped once the department decides. */
const VERIFICATION = 'lead.verification';
const STARTS_CLOCK = new Set(['START_VERIFICATION', 'REOPEN']);
const STOPS_CLOCK = new Set(['OPEN_CASE', 'NO_CASE']);

@InputType({ description: 'A lead as MOE receives it. Who reported it stays with the channel; it is not recorded here.' })
export class ReceiveLeadInput extends CommandInput {
  @Field(() => UsccScalar, { description: 'The institution the lead is about.' })
  uscc!: string;

  @Field(() => LeadCategory)
  category!: LeadCategory;

  @Field(() => LeadChannel)
  channel!: LeadChannel;

  @Field({ description: `What is reported, 10 to ${MAX_FACTS} characters.` })
  facts!: string;

  @Field(() => String, { nullable: true, description: 'The complaint (tracking number) that revealed the violation; required for channel COMPLAINT.' })
  complaintTrackingNo?: string | null;
}

@InputType()
export class LeadTransitionInput extends CommandInput {
  @Field()
  leadId!: string;

  @Field(() => LeadCommand)
  command!: string;

  @Field(() => LeadOutcome, { nullable: true, description: 'COMMUNICATE_RESULT: what handling came to (NO_ACTION after NO_CASE).' })
  outcome?: LeadOutcome | null;

  @Field(() => String, { nullable: true, description: 'DISCARD: why the lead is unclear; REOPEN: what is to be verified again; otherwise a note.' })
  detail?: string | null;
}

@Resolver()
export class ViolationLeadCommands {
  @Mutation(() => ViolationLead, { description: 'Machine E: MOE records a lead received (举报线索) about an institution.' })
  @Directive(requiresScopes([LEAD_WRITE]))
  async receiveViolationLead(@Arg('input', () => ReceiveLeadInput) input: ReceiveLeadInput, @Ctx() ctx: EducationContext) {
    const { writes, actor, now } = commandSide(ctx);
    const facts = boundedText(input.facts, 'input.facts', MAX_FACTS, 10)!.trim();
    const complaintTrackingNo = input.complaintTrackingNo?.trim() || null;
    if (input.channel === LeadChannel.COMPLAINT && !complaintTrackingNo) {
      throw badUserInput('a lead from a complaint needs input.complaintTrackingNo', { argument: 'input.complaintTrackingNo' });
    }
    const institution = await ctx.loaders.institution.load(input.uscc);
    if (!institution) throw badUserInput(`no institution ${input.uscc} is in the education registry`, { argument: 'input.uscc', reason: 'NOT_FOUND' });
    if (complaintTrackingNo) {
      const complaint = await ctx.loaders.records.byId('complaint').load(complaintTrackingNo);
      if (complaint?.uscc !== input.uscc) {
        throw badUserInput(`no complaint ${complaintTrackingNo} about ${input.uscc} is on record`, { argument: 'input.complaintTrackingNo', reason: 'NOT_FOUND' });
      }
    }
    const response = await runCommand(writes.store, actor, now, {
      machine: machine(MACHINE), command: 'RECEIVE', recordId: `JB-${randomUUID()}`,
      create: { uscc: input.uscc, regionCode: institution.regionCode },
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      // The facts stay in the record, out of the immutable event: a lead may name people.
      apply: ({ today }) => ({
        data: { category: input.category, channel: input.channel, facts, complaintTrackingNo, receivedOn: today, outcome: null },
        payload: { category: input.category, channel: input.channel, complaintTrackingNo },
      }),
    });
    return responseView(MACHINE, response);
  }

  @Mutation(() => ViolationLead, { description: 'Machine E: screen, discard, assign, verify (15 working days), open a case or not, communicate, review, audit, close, reopen.' })
  @Directive(requiresScopes([LEAD_WRITE]))
  async transitionViolationLead(@Arg('input', () => LeadTransitionInput) input: LeadTransitionInput, @Ctx() ctx: EducationContext) {
    const { writes, actor, now } = commandSide(ctx);
    const detail = boundedText(input.detail, 'input.detail', 500)?.trim() || null;
    if ((input.command === 'DISCARD' || input.command === 'REOPEN') && !detail) {
      throw badUserInput(`${input.command} needs input.detail (${input.command === 'DISCARD' ? 'why the lead is unclear' : 'what is to be verified again'})`, { argument: 'input.detail' });
    }
    if (input.command === 'COMMUNICATE_RESULT' && !input.outcome) throw badUserInput('COMMUNICATE_RESULT needs input.outcome', { argument: 'input.outcome' });
    const response = await runCommand(writes.store, actor, now, {
      machine: machine(MACHINE), command: input.command, recordId: input.leadId,
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: ({ record, today }) => {
        const payload: Record<string, unknown> = detail ? { detail } : {};
        if (input.command === 'COMMUNICATE_RESULT') {
          if (record?.state === 'NO_CASE' && input.outcome !== LeadOutcome.NO_ACTION) {
            throw badUserInput(`a lead closed without a case communicates NO_ACTION, not ${input.outcome}`, { argument: 'input.outcome' });
          }
          payload.outcome = input.outcome;
          return { data: { outcome: input.outcome }, payload };
        }
        if (STARTS_CLOCK.has(input.command)) {
          const due = writes.environment.deadlines.due(VERIFICATION, today);
          return { dueOn: due.dueOn, payload: { ...payload, due } };
        }
        return STOPS_CLOCK.has(input.command) ? { dueOn: null, payload } : { payload };
      },
    });
    return responseView(MACHINE, response);
  }
}
