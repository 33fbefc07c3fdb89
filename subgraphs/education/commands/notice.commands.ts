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
import { NotificationKind } from '../types/enums';
import { Notice } from '../types/supervision-records.type';
import { commandSide, type EducationContext } from './context';

export const NOTICE_WRITE = 'education:notice:write';
const MACHINE = 'NOTICE';
export const NoticeCommand = commandEnum(MACHINE, 'NoticeCommand');
const AUDIENCES = ['PUBLIC', 'AGENCIES'];

@InputType()
export class IssueNoticeInput extends CommandInput {
  @Field(() => UsccScalar)
  uscc!: string;

  @Field({ description: 'PUBLIC (通报 to the public) or AGENCIES.' })
  audience!: string;

  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field()
  title!: string;
}

@InputType()
export class NoticeTransitionInput extends CommandInput {
  @Field()
  noticeId!: string;

  @Field(() => NoticeCommand)
  command!: string;
}

@Resolver()
export class NoticeCommands {
  @Mutation(() => Notice, { description: 'Issues a notice (通报); the document number is the notice\'s own.' })
  @Directive(requiresScopes([NOTICE_WRITE]))
  async issueNotice(@Arg('input', () => IssueNoticeInput) input: IssueNoticeInput, @Ctx() ctx: EducationContext) {
    const { writes, actor, now } = commandSide(ctx);
    if (!AUDIENCES.includes(input.audience)) throw badUserInput(`input.audience must be PUBLIC or AGENCIES, got '${input.audience}'`, { argument: 'input.audience' });
    boundedText(input.title, 'input.title', 200, 2);
    const institution = await ctx.loaders.institution.load(input.uscc);
    if (!institution) throw badUserInput(`no institution ${input.uscc} is in the education registry`, { argument: 'input.uscc', reason: 'NOT_FOUND' });
    const response = await runCommand(writes.store, actor, now, {
      machine: machine(MACHINE), command: 'ISSUE', recordId: `NT-${randomUUID()}`,
      create: { uscc: input.uscc, regionCode: institution.regionCode },
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: ({ today }) => ({
        data: { audience: input.audience, kind: input.kind, title: input.title.trim(), documentNo: input.decisionDocNo?.trim(), issuedOn: today },
        payload: { audience: input.audience, kind: input.kind, title: input.title.trim() },
      }),
      project: (record, projections) => projections.upsertNotification({
        id: record.id, uscc: input.uscc, kind: input.kind, documentNo: String(record.data.documentNo), title: String(record.data.title),
        issuedOn: String(record.data.issuedOn), asOf: record.updatedAt,
      }),
    });
    return responseView(MACHINE, response);
  }

  @Mutation(() => Notice, { description: 'Withdraws a notice; it leaves the institution\'s notifications, its history stays.' })
  @Directive(requiresScopes([NOTICE_WRITE]))
  async transitionNotice(@Arg('input', () => NoticeTransitionInput) input: NoticeTransitionInput, @Ctx() ctx: EducationContext) {
    const { writes, actor, now } = commandSide(ctx);
    const response = await runCommand(writes.store, actor, now, {
      machine: machine(MACHINE), command: input.command, recordId: input.noticeId,
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      project: (record, projections) => projections.deleteNotification(record.id),
    });
    return responseView(MACHINE, response);
  }
}
