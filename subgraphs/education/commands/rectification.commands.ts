import { randomUUID } from 'node:crypto';
import { Arg, Ctx, Directive, Field, InputType, Mutation, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { UsccScalar } from '../../../common/scalars/uscc.scalar';
import { CommandInput } from '../../shared/commands/command-input';
import { commandEnum } from '../../shared/commands/command-enum';
import { responseView } from '../../shared/commands/record-view';
import { boundedText, runCommand } from '../../shared/commands/run-command';
import { machine } from '../../shared/commands/state-machine';
import { badUserInput } from '../../shared/errors';
import { requiresScopes } from '../../shared/requirements';
import { RectificationOrder } from '../types/supervision-records.type';
import { commandSide, type EducationContext } from './context';

export const RECTIFICATION_WRITE = 'education:rectification:write';
const MACHINE = 'RECTIFICATION_ORDER';
export const RectificationCommand = commandEnum(MACHINE, 'RectificationCommand');
const MAX_ITEMS = 20;

@InputType()
export class IssueRectificationInput extends CommandInput {
  @Field(() => UsccScalar)
  uscc!: string;

  @Field(() => [String], { description: `What must be put right, 1 to ${MAX_ITEMS} items.` })
  items!: string[];

  @Field(() => GraphQLLocalDate, { description: 'Set per decision (Order 53 fixes no period).' })
  dueOn!: string;
}

@InputType()
export class RectificationTransitionInput extends CommandInput {
  @Field()
  orderId!: string;

  @Field(() => RectificationCommand)
  command!: string;

  @Field(() => [String], { nullable: true, description: 'SUBMIT_EVIDENCE: references to the evidence (document numbers, file hashes).' })
  evidence?: string[] | null;
}

function boundedList(values: readonly string[] | null | undefined, argument: string, max: number): string[] {
  if (!values || values.length === 0 || values.length > max) throw badUserInput(`${argument} must list 1 to ${max} entries`, { argument });
  return values.map((value, i) => boundedText(value, `${argument}[${i}]`, 300, 1)!.trim());
}

@Resolver()
export class RectificationCommands {
  @Mutation(() => RectificationOrder, { description: 'Machine C: issues a rectification order with its items and due date.' })
  @Directive(requiresScopes([RECTIFICATION_WRITE]))
  async issueRectificationOrder(@Arg('input', () => IssueRectificationInput) input: IssueRectificationInput, @Ctx() ctx: EducationContext) {
    const { writes, actor, now } = commandSide(ctx);
    const items = boundedList(input.items, 'input.items', MAX_ITEMS);
    const institution = await ctx.loaders.institution.load(input.uscc);
    if (!institution) throw badUserInput(`no institution ${input.uscc} is in the education registry`, { argument: 'input.uscc', reason: 'NOT_FOUND' });
    const response = await runCommand(writes.store, actor, now, {
      machine: machine(MACHINE), command: 'ISSUE', recordId: `RO-${randomUUID()}`,
      create: { uscc: input.uscc, regionCode: institution.regionCode },
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: ({ today }) => {
        if (input.dueOn <= today) throw badUserInput(`input.dueOn must be after today (${today})`, { argument: 'input.dueOn' });
        return { data: { items, issuedOn: today, evidence: [] }, dueOn: input.dueOn, payload: { items, dueOn: input.dueOn } };
      },
    });
    return responseView(MACHINE, response);
  }

  @Mutation(() => RectificationOrder, { description: 'Machine C: evidence, verification, overdue, escalation.' })
  @Directive(requiresScopes([RECTIFICATION_WRITE]))
  async transitionRectificationOrder(@Arg('input', () => RectificationTransitionInput) input: RectificationTransitionInput, @Ctx() ctx: EducationContext) {
    const { writes, actor, now } = commandSide(ctx);
    const evidence = input.command === 'SUBMIT_EVIDENCE' ? boundedList(input.evidence, 'input.evidence', MAX_ITEMS) : null;
    const response = await runCommand(writes.store, actor, now, {
      machine: machine(MACHINE), command: input.command, recordId: input.orderId,
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: ({ record, today }) => {
        if (input.command === 'MARK_OVERDUE' && !(record?.dueOn && record.dueOn < today)) {
          throw badUserInput(`MARK_OVERDUE is refused: the order is due on ${record?.dueOn ?? '-'}, which has not passed`, { reason: 'NOT_YET_DUE' });
        }
        if (evidence) return { data: { evidence }, payload: { evidence } };
        // Once verified or overdue no deadline runs on the order.
        return input.command === 'ESCALATE' || input.command.startsWith('VERIFY') || input.command === 'MARK_OVERDUE' ? { dueOn: null } : {};
      },
    });
    return responseView(MACHINE, response);
  }
}
