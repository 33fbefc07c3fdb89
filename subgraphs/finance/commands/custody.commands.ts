import { Arg, Ctx, Directive, Field, Float, InputType, Int, Mutation, Query, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { UsccScalar } from '../../../common/scalars/uscc.scalar';
import { commandSide } from '../../shared/commands/agency-writes';
import { CommandInput } from '../../shared/commands/command-input';
import { findEventPage, type FeedVisibility } from '../../shared/commands/event-feed';
import { responseView } from '../../shared/commands/record-view';
import { boundedText, runCommand } from '../../shared/commands/run-command';
import { machine } from '../../shared/commands/state-machine';
import { badUserInput } from '../../shared/errors';
import { requiresScopes } from '../../shared/requirements';
import { CustodyRecord, FinanceEventConnection } from '../types/custody-record.type';
import { CustodyMode } from '../types/enums';
import { custodyRegion, type FinanceContext } from './writes';
import { CONNECTION_SLICED_BY_FIRST } from '../../shared/cost';

export const CUSTODY_WRITE = 'finance:custody:write';
export const FINANCE_FEED: FeedVisibility = { CUSTODY: 'finance:custody:read' };

@InputType({ description: 'A custody or risk-reserve arrangement filed for an institution (教监管函〔2021〕2号): the account starts empty.' })
export class OpenCustodyInput extends CommandInput {
  @Field(() => UsccScalar)
  uscc!: string;

  @Field(() => CustodyMode)
  mode!: CustodyMode;

  @Field({ description: 'Bank branch holding the account, e.g. 招商银行北京海淀支行.' })
  custodyBankName!: string;

  @Field({ description: 'The dedicated account number, 12-30 digits; only its first and last four are kept.' })
  accountNo!: string;

  @Field(() => Float, { nullable: true, description: 'RISK_RESERVE: the reserve committed; must be absent under BANK_CUSTODY.' })
  reserveAmountCny?: number | null;
}

@InputType({ description: 'The custody bank\'s statement of the supervised account on a day.' })
export class CustodySnapshotInput extends CommandInput {
  @Field(() => UsccScalar)
  uscc!: string;

  @Field(() => Float)
  balanceCny!: number;

  @Field(() => Float, { description: 'Prepaid fees received for lessons not yet delivered (or not yet refunded on exit).' })
  prepaidFeesOutstandingCny!: number;

  @Field(() => GraphQLLocalDate)
  balancesAsOf!: string;
}

@InputType({ description: 'Confirms that on exit every prepaid fee was refunded (民办教育促进法 art. 59: learners first).' })
export class ConfirmSettlementInput extends CommandInput {
  @Field(() => UsccScalar)
  uscc!: string;

  @Field(() => Float, { description: 'Total refunded to learners.' })
  refundedCny!: number;

  @Field(() => Int, { description: 'Learners refunded.' })
  refundedLearners!: number;
}

const amount = (value: number, argument: string): number => {
  if (!Number.isFinite(value) || value < 0 || value > 1e12) throw badUserInput(`${argument} must be a non-negative amount in CNY`, { argument });
  return Math.round(value * 100) / 100;
};

@Resolver()
export class CustodyCommands {
  @Mutation(() => CustodyRecord, { description: 'Opens the prepaid-fee supervision arrangement of an institution (CUSTODY NONE -> ACTIVE), balances at zero.' })
  @Directive(requiresScopes([CUSTODY_WRITE]))
  async openPrepaidCustody(@Arg('input', () => OpenCustodyInput) input: OpenCustodyInput, @Ctx() ctx: FinanceContext) {
    const { writes, actor, now } = commandSide(ctx);
    const bank = boundedText(input.custodyBankName, 'input.custodyBankName', 100, 2)!.trim();
    const digits = input.accountNo.replace(/[\s-]/g, '');
    if (!/^\d{12,30}$/.test(digits)) throw badUserInput('input.accountNo must be 12 to 30 digits', { argument: 'input.accountNo' });
    const reserve = input.reserveAmountCny === null || input.reserveAmountCny === undefined ? null : amount(input.reserveAmountCny, 'input.reserveAmountCny');
    if ((input.mode === CustodyMode.RISK_RESERVE) !== (reserve !== null)) {
      throw badUserInput('input.reserveAmountCny is required under RISK_RESERVE and absent under BANK_CUSTODY', { argument: 'input.reserveAmountCny' });
    }
    const accountNoMasked = `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}`;
    const response = await runCommand(writes.store, actor, now, {
      machine: machine('CUSTODY'), command: 'OPEN', recordId: input.uscc,
      create: { uscc: input.uscc, regionCode: custodyRegion(input.uscc) },
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey,
      // The full number never enters the stored idempotency hash either.
      input: { ...input, accountNo: accountNoMasked },
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: async ({ projections, today }) => {
        if (await projections.custodyBalances(input.uscc)) {
          throw badUserInput(`${input.uscc} already has a custody arrangement on record`, { argument: 'input.uscc', reason: 'ALREADY_OPEN' });
        }
        const opened = { mode: input.mode, custodyBankName: bank, accountNoMasked, reserveAmountCny: reserve };
        return { data: { balanceCny: 0, prepaidFeesOutstandingCny: 0, balancesAsOf: today, settlement: null }, payload: opened };
      },
      project: (record, projections) => projections.insertCustody({
        uscc: input.uscc, mode: input.mode, custodyBankName: bank, accountNoMasked, reserveAmountCny: reserve, balancesAsOf: String(record.data.balancesAsOf), asOf: record.updatedAt,
      }),
    });
    return responseView('CUSTODY', response);
  }

  @Mutation(() => CustodyRecord, { description: 'Records a custody snapshot: the prepaid-fee balances everyone reads change with it.' })
  @Directive(requiresScopes([CUSTODY_WRITE]))
  async recordCustodySnapshot(@Arg('input', () => CustodySnapshotInput) input: CustodySnapshotInput, @Ctx() ctx: FinanceContext) {
    const { writes, actor, now } = commandSide(ctx);
    const balanceCny = amount(input.balanceCny, 'input.balanceCny');
    const prepaidFeesOutstandingCny = amount(input.prepaidFeesOutstandingCny, 'input.prepaidFeesOutstandingCny');
    const response = await runCommand(writes.store, actor, now, {
      machine: machine('CUSTODY'), command: 'RECORD_SNAPSHOT', recordId: input.uscc,
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: async ({ record, today }) => {
        if (input.balancesAsOf > today) throw badUserInput(`input.balancesAsOf must not be after today (${today})`, { argument: 'input.balancesAsOf' });
        if (record && String(record.data.balancesAsOf) > input.balancesAsOf) {
          throw badUserInput(`input.balancesAsOf is older than the snapshot on record (${String(record.data.balancesAsOf)})`, { argument: 'input.balancesAsOf' });
        }
        const snapshot = { balanceCny, prepaidFeesOutstandingCny, balancesAsOf: input.balancesAsOf };
        return { data: snapshot, payload: snapshot };
      },
      project: (record, projections) => projections.setCustodyBalances({ uscc: input.uscc, balanceCny, prepaidFeesOutstandingCny, balancesAsOf: input.balancesAsOf, asOf: record.updatedAt }),
    });
    return responseView('CUSTODY', response);
  }

  @Mutation(() => CustodyRecord, { description: 'Confirms prepaid-fee settlement on exit; refused while the latest snapshot shows fees outstanding.' })
  @Directive(requiresScopes([CUSTODY_WRITE]))
  async confirmPrepaidSettlement(@Arg('input', () => ConfirmSettlementInput) input: ConfirmSettlementInput, @Ctx() ctx: FinanceContext) {
    const { writes, actor, now } = commandSide(ctx);
    const refundedCny = amount(input.refundedCny, 'input.refundedCny');
    if (!Number.isInteger(input.refundedLearners) || input.refundedLearners < 0) throw badUserInput('input.refundedLearners must be a whole number', { argument: 'input.refundedLearners' });
    const response = await runCommand(writes.store, actor, now, {
      machine: machine('CUSTODY'), command: 'CONFIRM_SETTLEMENT', recordId: input.uscc,
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: async ({ record, projections, today }) => {
        const balances = await projections.custodyBalances(input.uscc);
        if ((balances?.prepaidFeesOutstandingCny ?? 0) > 0) {
          throw badUserInput(`settlement cannot be confirmed: the snapshot of ${balances!.balancesAsOf} shows ${balances!.prepaidFeesOutstandingCny} CNY of prepaid fees outstanding`, {
            reason: 'UNREFUNDED_PREPAID_FEES',
          });
        }
        const settlement = { refundedCny, refundedLearners: input.refundedLearners, settledOn: today, lastSnapshotOn: record?.data.balancesAsOf ?? null };
        return { data: { settlement }, payload: settlement };
      },
    });
    return responseView('CUSTODY', response);
  }

  @Query(() => FinanceEventConnection, { description: 'The finance event log, oldest first: only the event types the caller may see.' })
  @Directive('@authenticated')
  @Directive(CONNECTION_SLICED_BY_FIRST)
  financeEvents(
    @Arg('since', () => String, { nullable: true }) since: string | null,
    @Arg('types', () => [String], { nullable: true }) types: string[] | null,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Ctx() ctx: FinanceContext,
  ) {
    return findEventPage({ eventPage: ctx.loaders.eventPage }, FINANCE_FEED, ctx.principal, { since, types, region, first });
  }
}
