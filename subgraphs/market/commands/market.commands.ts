import { randomUUID } from 'node:crypto';
import { Arg, Ctx, Directive, Field, Float, InputType, Mutation, Resolver, registerEnumType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { UsccScalar } from '../../../common/scalars/uscc.scalar';
import { commandSide } from '../../shared/commands/agency-writes';
import { CommandInput } from '../../shared/commands/command-input';
import { commandEnum } from '../../shared/commands/command-enum';
import { publicityWindow, type PenaltyTier } from '../../shared/commands/publicity-windows';
import { responseView } from '../../shared/commands/record-view';
import { boundedText, runCommand } from '../../shared/commands/run-command';
import { machine } from '../../shared/commands/state-machine';
import { chinaToday } from '../../../common/china-day';
import { badUserInput } from '../../shared/errors';
import { requiresScopes } from '../../shared/requirements';
import { AbnormalListingRecord, BusinessLicenceStatus, PenaltyDecision } from '../types/market-records.type';
import { registeringRegion, type MarketContext } from './writes';

export const PENALTY_WRITE = 'market:penalty:write';
export const LISTING_WRITE = 'market:listing:write';
export const LICENCE_WRITE = 'market:licence:write';
export const PenaltyCommand = commandEnum('PENALTY_DECISION', 'PenaltyCommand');
export const AbnormalListingCommand = commandEnum('ABNORMAL_LISTING', 'AbnormalListingCommand');
export const LicenceCommand = commandEnum('BUSINESS_LICENCE', 'LicenceCommand');

export enum PenaltyTierInput {
  MINOR = 'MINOR',
  GENERAL = 'GENERAL',
  SERIOUS = 'SERIOUS',
}
registerEnumType(PenaltyTierInput, { name: 'PenaltyTier', description: 'Credit tier of a penalty: 轻微 / 一般 / 严重 (国办发〔2025〕22号); it sets the publicity window.' });

export enum AbnormalReasonInput {
  NO_ANNUAL_REPORT = 'NO_ANNUAL_REPORT',
  INFORMATION_NOT_PUBLISHED = 'INFORMATION_NOT_PUBLISHED',
  FALSE_INFORMATION = 'FALSE_INFORMATION',
  UNREACHABLE_AT_ADDRESS = 'UNREACHABLE_AT_ADDRESS',
}
registerEnumType(AbnormalReasonInput, { name: 'AbnormalListingReason' });

@InputType()
export class RecordPenaltyInput extends CommandInput {
  @Field(() => UsccScalar)
  uscc!: string;

  @Field(() => PenaltyTierInput)
  tier!: PenaltyTier;

  @Field()
  violationType!: string;

  @Field()
  facts!: string;

  @Field({ description: 'What was imposed (warning, fine, confiscation ...).' })
  penaltyContent!: string;

  @Field(() => Float, { nullable: true })
  fineCny?: number | null;

  @Field(() => GraphQLLocalDate)
  decidedOn!: string;
}

@InputType()
export class PenaltyTransitionInput extends CommandInput {
  @Field()
  penaltyId!: string;

  @Field(() => PenaltyCommand)
  command!: string;
}

@InputType()
export class ListAbnormalInput extends CommandInput {
  @Field(() => UsccScalar)
  uscc!: string;

  @Field(() => AbnormalReasonInput)
  reason!: string;
}

@InputType()
export class AbnormalListingTransitionInput extends CommandInput {
  @Field()
  listingId!: string;

  @Field(() => AbnormalListingCommand)
  command!: string;

  @Field({ description: 'Why the entry is removed (the annual report filed, the address confirmed ...).' })
  removalReason!: string;
}

@InputType()
export class LicenceTransitionInput extends CommandInput {
  @Field(() => UsccScalar)
  uscc!: string;

  @Field(() => LicenceCommand)
  command!: string;
}

@Resolver()
export class MarketCommands {
  @Mutation(() => PenaltyDecision, { description: 'Records a penalty decision; its publicity window follows from the tier and the regime in force.' })
  @Directive(requiresScopes([PENALTY_WRITE]))
  async recordPenaltyDecision(@Arg('input', () => RecordPenaltyInput) input: RecordPenaltyInput, @Ctx() ctx: MarketContext) {
    const { writes, actor, now } = commandSide(ctx);
    const violationType = boundedText(input.violationType, 'input.violationType', 100, 2)!.trim();
    const facts = boundedText(input.facts, 'input.facts', 2000, 5)!.trim();
    const penaltyContent = boundedText(input.penaltyContent, 'input.penaltyContent', 500, 2)!.trim();
    if (input.fineCny != null && !(Number.isFinite(input.fineCny) && input.fineCny >= 0 && input.fineCny <= 1e10)) {
      throw badUserInput('input.fineCny must be a non-negative amount in CNY', { argument: 'input.fineCny' });
    }
    const response = await runCommand(writes.store, actor, now, {
      machine: machine('PENALTY_DECISION'), command: 'RECORD', recordId: `MP-${randomUUID()}`,
      create: { uscc: input.uscc, regionCode: registeringRegion(input.uscc) },
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: ({ today }) => {
        if (input.decidedOn > today) throw badUserInput(`input.decidedOn must not be after today (${today})`, { argument: 'input.decidedOn' });
        const window = publicityWindow(input.tier, input.decidedOn);
        return {
          data: { tier: input.tier, violationType, decidedOn: input.decidedOn, decisionDocNo: input.decisionDocNo, fineCny: input.fineCny ?? null, window },
          dueOn: window.published ? writes.environment.deadlines.due('penalty.publication', input.decidedOn).dueOn : null,
          payload: { tier: input.tier, violationType, fineCny: input.fineCny ?? null, window },
        };
      },
      project: (record, projections) => {
        const window = record.data.window as ReturnType<typeof publicityWindow>;
        return projections.insertPenalty({
          id: record.id, uscc: input.uscc, decisionDocNo: input.decisionDocNo!.trim(), violationType, facts, legalBasis: input.legalBasis!.trim(),
          penaltyContent, fineCny: input.fineCny ?? null, decidedOn: input.decidedOn, decidingAuthority: actor.agency ?? actor.consumer,
          publicityStatus: window.published ? 'ACTIVE' : 'NOT_PUBLISHED', publicityStart: window.publicityStart, publicityEnd: window.publicityEnd,
          tier: input.tier, asOf: record.updatedAt,
        });
      },
    });
    return responseView('PENALTY_DECISION', response);
  }

  @Mutation(() => PenaltyDecision, { description: 'Revokes a penalty decision; publication ends that day.' })
  @Directive(requiresScopes([PENALTY_WRITE]))
  async transitionPenaltyDecision(@Arg('input', () => PenaltyTransitionInput) input: PenaltyTransitionInput, @Ctx() ctx: MarketContext) {
    const { writes, actor, now } = commandSide(ctx);
    const response = await runCommand(writes.store, actor, now, {
      machine: machine('PENALTY_DECISION'), command: input.command, recordId: input.penaltyId,
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: () => ({ dueOn: null }),
      project: (record, projections, previous) =>
        projections.setPenaltyPublicity(record.id, 'REVOKED', previous?.data.window ? chinaToday(record.updatedAt) : null, record.updatedAt),
    });
    return responseView('PENALTY_DECISION', response);
  }

  @Mutation(() => AbnormalListingRecord, { description: 'Lists an enterprise in the abnormal-operation directory (经营异常名录).' })
  @Directive(requiresScopes([LISTING_WRITE]))
  async listAbnormalOperation(@Arg('input', () => ListAbnormalInput) input: ListAbnormalInput, @Ctx() ctx: MarketContext) {
    const { writes, actor, now } = commandSide(ctx);
    const response = await runCommand(writes.store, actor, now, {
      machine: machine('ABNORMAL_LISTING'), command: 'LIST', recordId: `AB-${randomUUID()}`,
      create: { uscc: input.uscc, regionCode: registeringRegion(input.uscc) },
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: async ({ projections, today }) => {
        if (!(await projections.registrationStatus(input.uscc))) throw badUserInput(`no enterprise ${input.uscc} is registered with market regulation`, { argument: 'input.uscc', reason: 'NOT_FOUND' });
        return { data: { reason: input.reason, listedOn: today, removedOn: null, removalReason: null }, payload: { reason: input.reason } };
      },
      project: (record, projections) => projections.insertAbnormalListing({
        id: record.id, uscc: input.uscc, reason: input.reason, listedOn: String(record.data.listedOn), listingAuthority: actor.agency ?? actor.consumer, asOf: record.updatedAt,
      }),
    });
    return responseView('ABNORMAL_LISTING', response);
  }

  @Mutation(() => AbnormalListingRecord, { description: 'Removes an abnormal-operation entry, with the reason.' })
  @Directive(requiresScopes([LISTING_WRITE]))
  async transitionAbnormalListing(@Arg('input', () => AbnormalListingTransitionInput) input: AbnormalListingTransitionInput, @Ctx() ctx: MarketContext) {
    const { writes, actor, now } = commandSide(ctx);
    const removalReason = boundedText(input.removalReason, 'input.removalReason', 300, 2)!.trim();
    const response = await runCommand(writes.store, actor, now, {
      machine: machine('ABNORMAL_LISTING'), command: input.command, recordId: input.listingId,
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: ({ today }) => ({ data: { removedOn: today, removalReason }, payload: { removalReason } }),
      project: (record, projections) => projections.removeAbnormalListing({ id: record.id, removedOn: String(record.data.removedOn), removalReason, asOf: record.updatedAt }),
    });
    return responseView('ABNORMAL_LISTING', response);
  }

  @Mutation(() => BusinessLicenceStatus, { description: 'Revokes the business licence (吊销营业执照): the registration shows REVOKED at once.' })
  @Directive(requiresScopes([LICENCE_WRITE]))
  async transitionBusinessLicence(@Arg('input', () => LicenceTransitionInput) input: LicenceTransitionInput, @Ctx() ctx: MarketContext) {
    const { writes, actor, now } = commandSide(ctx);
    const response = await runCommand(writes.store, actor, now, {
      machine: machine('BUSINESS_LICENCE'), command: input.command, recordId: input.uscc,
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: ({ today }) => ({ data: { revokedOn: today, decisionDocNo: input.decisionDocNo } }),
      project: (record, projections) => projections.setRegistrationStatus(input.uscc, 'REVOKED', record.updatedAt),
    });
    return responseView('BUSINESS_LICENCE', response);
  }
}
