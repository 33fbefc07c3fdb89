import { Arg, Ctx, Directive, Field, InputType, Mutation, Resolver } from 'type-graphql';
import { UsccScalar } from '../../../common/scalars/uscc.scalar';
import { CommandInput } from '../../shared/commands/command-input';
import { commandEnum } from '../../shared/commands/command-enum';
import { responseView } from '../../shared/commands/record-view';
import { boundedText, runCommand } from '../../shared/commands/run-command';
import { machine } from '../../shared/commands/state-machine';
import { badUserInput } from '../../shared/errors';
import { requiresScopes } from '../../shared/requirements';
import { ListEntry } from '../types/supervision-records.type';
import { commandSide, type EducationContext } from './context';
import { FILING_LIST_STATUS } from './filing-list-status';

export const LIST_WRITE = 'education:list:write';
const MACHINE = 'LIST_STATUS';
export const ListCommand = commandEnum(MACHINE, 'ListCommand');

@InputType()
export class ListTransitionInput extends CommandInput {
  @Field(() => UsccScalar)
  uscc!: string;

  @Field(() => ListCommand)
  command!: string;

  @Field(() => String, { nullable: true, description: 'The finding behind the decision, as published.' })
  reason?: string | null;
}

@Resolver()
export class ListStatusCommands {
  @Mutation(() => ListEntry, { description: 'Machine B: white list, removal pending rectification, black list, removal; each with its legal basis.' })
  @Directive(requiresScopes([LIST_WRITE]))
  async transitionListStatus(@Arg('input', () => ListTransitionInput) input: ListTransitionInput, @Ctx() ctx: EducationContext) {
    const { writes, actor, now } = commandSide(ctx);
    boundedText(input.reason, 'input.reason', 500);
    const { deadlines } = writes.environment;
    const existing = await ctx.loaders.records.byId('list-entry').load(input.uscc);
    const registry = existing ? null : await ctx.loaders.institution.load(input.uscc);
    if (!existing && !registry) throw badUserInput(`no institution ${input.uscc} is in the education registry`, { argument: 'input.uscc', reason: 'NOT_FOUND' });
    const response = await runCommand(writes.store, actor, now, {
      machine: machine(MACHINE), command: input.command, recordId: input.uscc,
      ...(registry ? { create: { uscc: input.uscc, regionCode: registry.regionCode } } : {}),
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: ({ today }) => {
        // Removal from the white list starts the rectification period (default 90 days, per region as data).
        const due = input.command === 'REMOVE_FROM_WHITE' ? deadlines.due('list.white-rectification', today) : null;
        return {
          data: { legalBasis: input.legalBasis ?? null, reason: input.reason ?? null, listedOn: today },
          dueOn: due?.dueOn ?? null,
          payload: { reason: input.reason ?? null, ...(due ? { due } : {}) },
        };
      },
      project: (record, projections) => projections.setListStatus(input.uscc, FILING_LIST_STATUS[record.state] ?? null, record.updatedAt),
    });
    return responseView(MACHINE, response);
  }
}
