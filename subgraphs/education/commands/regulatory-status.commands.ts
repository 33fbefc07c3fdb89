import { Arg, Ctx, Directive, Field, InputType, Mutation, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { UsccScalar } from '../../../common/scalars/uscc.scalar';
import { actingLevel, regionCovers } from '../../shared/commands/actor';
import { CommandInput } from '../../shared/commands/command-input';
import { commandEnum } from '../../shared/commands/command-enum';
import { responseView } from '../../shared/commands/record-view';
import { boundedText, runCommand } from '../../shared/commands/run-command';
import { machine } from '../../shared/commands/state-machine';
import { chinaToday } from '../../../common/china-day';
import { addYears } from '../../shared/seed/seed-dates';
import { badUserInput } from '../../shared/errors';
import { requiresScopes } from '../../shared/requirements';
import { InstitutionKind } from '../types/enums';
import { RegulatoryStatus } from '../types/supervision-records.type';
import { commandSide, type EducationContext } from './context';
import { checkExitClearance } from './exit-check';

export const FILING_WRITE = 'education:filing:write';
const MACHINE = 'REGULATORY_STATUS';
/** Applying (and applying again after a rejection) carries the application itself: that is submitFiling. */
const FILING_COMMANDS = ['SUBMIT', 'REAPPLY'];
export const RegulatoryCommand = commandEnum(MACHINE, 'RegulatoryCommand', FILING_COMMANDS);

@InputType({ description: 'An institution applies: it enters the registry and its filing is SUBMITTED. A REJECTED institution applies again the same way (REAPPLY), with its record\'s version as expectedVersion.' })
export class SubmitFilingInput extends CommandInput {
  @Field(() => UsccScalar)
  uscc!: string;

  @Field()
  name!: string;

  @Field({ description: 'GB/T 2260 code of the district where the institution files.' })
  regionCode!: string;

  @Field()
  regionName!: string;

  @Field(() => InstitutionKind)
  kind!: InstitutionKind;

  @Field()
  nonProfit!: boolean;
}

@InputType()
export class RegulatoryTransitionInput extends CommandInput {
  @Field(() => UsccScalar)
  uscc!: string;

  @Field(() => RegulatoryCommand)
  command!: string;

  @Field(() => String, { nullable: true, description: 'APPROVE: the school-running permit number issued.' })
  permitNo?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'APPROVE: last day of the permit; five years on by default.' })
  permitValidTo?: string | null;

  @Field(() => String, { nullable: true, description: 'START_LIQUIDATION: who organises it (the school, the approval authority or a court, 民办教育促进法 art. 58).' })
  liquidator?: string | null;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@Resolver()
export class RegulatoryStatusCommands {
  @Mutation(() => RegulatoryStatus, { description: 'Machine A, DRAFT -> SUBMITTED (REJECTED -> SUBMITTED for a new application): registers the institution and its filing.' })
  @Directive(requiresScopes([FILING_WRITE]))
  async submitFiling(@Arg('input', () => SubmitFilingInput) input: SubmitFilingInput, @Ctx() ctx: EducationContext) {
    const { writes, actor, now } = commandSide(ctx);
    if (!/^\d{6}$/.test(input.regionCode)) throw badUserInput(`input.regionCode must be a 6-digit GB/T 2260 code, got '${input.regionCode}'`, { argument: 'input.regionCode' });
    boundedText(input.name, 'input.name', 100, 2);
    boundedText(input.regionName, 'input.regionName', 50, 2);
    // Which of the two it is, the transaction settles: a record that appeared or moved meanwhile is a CONFLICT there.
    const reapplying = (await ctx.loaders.records.byId('regulatory-status').load(input.uscc)) !== null;
    const response = await runCommand(writes.store, actor, now, {
      machine: machine(MACHINE), command: reapplying ? 'REAPPLY' : 'SUBMIT', replayAs: 'SUBMIT_FILING', recordId: input.uscc,
      create: { uscc: input.uscc, regionCode: input.regionCode },
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: async ({ record, projections, today }) => {
        if (!record && (await projections.registryEntry(input.uscc))) {
          throw badUserInput(`${input.uscc} is already in the education registry`, { argument: 'input.uscc', reason: 'ALREADY_REGISTERED' });
        }
        if (record && record.regionCode !== input.regionCode) {
          throw badUserInput(`a new application is filed where the institution is registered (${record.regionCode}), not ${input.regionCode}`, { argument: 'input.regionCode' });
        }
        const filingNo = `JYBA${input.regionCode}${today.replaceAll('-', '')}${input.uscc.slice(-4)}`;
        const previousFilingNo = record ? { previousFilingNo: record.data.filingNo ?? null } : {};
        return {
          data: { filingNo, permitNo: null, permitValidFrom: null, permitValidTo: null, decisionDocNo: null },
          payload: { name: input.name, kind: input.kind, nonProfit: input.nonProfit, filingNo, ...previousFilingNo },
        };
      },
      project: async (record, projections, previous) => {
        const asOf = record.updatedAt;
        const institution = { uscc: input.uscc, name: input.name.trim(), regionCode: input.regionCode, regionName: input.regionName.trim(), kind: input.kind, registeredOn: chinaToday(asOf), asOf };
        const filing = { uscc: input.uscc, filingNo: String(record.data.filingNo), nonProfit: input.nonProfit, filedOn: chinaToday(asOf), asOf };
        if (previous) {
          await projections.updateInstitution(institution);
          await projections.refile(filing);
        } else {
          await projections.insertInstitution(institution);
          await projections.insertFiling(filing);
        }
      },
    });
    return responseView(MACHINE, response);
  }

  @Mutation(() => RegulatoryStatus, { description: 'Machine A: review, approve, require rectification, reject, suspend, resume, revoke, terminate, liquidate, close.' })
  @Directive(requiresScopes([FILING_WRITE]))
  async transitionRegulatoryStatus(@Arg('input', () => RegulatoryTransitionInput) input: RegulatoryTransitionInput, @Ctx() ctx: EducationContext) {
    const { writes, actor, now } = commandSide(ctx);
    boundedText(input.note, 'input.note', 500);
    boundedText(input.permitNo, 'input.permitNo', 60);
    boundedText(input.liquidator, 'input.liquidator', 100);
    // Finance is read before the transaction (a network call cannot be part of it), and only for an
    // officer who may close a record that can close; the version check inside the transaction still
    // refuses the close if the record moved meanwhile.
    const current = await ctx.loaders.records.byId('regulatory-status').load(input.uscc);
    const closing = machine(MACHINE).transitions.get('CLOSE')!;
    let exitCheck: Awaited<ReturnType<typeof checkExitClearance>> | null = null;
    let exitRefusal: unknown = null;
    if (input.command === 'CLOSE' && current?.state === 'LIQUIDATING' && current.version === input.expectedVersion
      && regionCovers(actor.region ?? '', current.regionCode) && closing.levels.includes(actingLevel(actor))) {
      // A refusal is raised inside the command, so that it is logged like any other.
      exitCheck = await checkExitClearance(writes.environment, input.uscc).catch((error: unknown) => ((exitRefusal = error), null));
    }
    const response = await runCommand(writes.store, actor, now, {
      machine: machine(MACHINE), command: input.command, recordId: input.uscc,
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: ({ today }) => {
        const payload: Record<string, unknown> = input.note ? { note: input.note } : {};
        const data: Record<string, unknown> = { decisionDocNo: input.decisionDocNo ?? null };
        if (input.command === 'APPROVE') {
          if (!input.permitNo?.trim()) throw badUserInput('APPROVE needs input.permitNo, the permit issued', { argument: 'input.permitNo' });
          Object.assign(data, { permitNo: input.permitNo.trim(), permitValidFrom: today, permitValidTo: input.permitValidTo ?? addYears(today, 5) });
          Object.assign(payload, { permitNo: data.permitNo, permitValidTo: data.permitValidTo });
        }
        if (input.command === 'START_LIQUIDATION') payload.liquidator = input.liquidator ?? null;
        if (input.command === 'CLOSE') {
          if (exitRefusal) throw exitRefusal;
          if (!exitCheck) throw badUserInput('CLOSE needs the prepaid-fee check, which could not be made', { reason: 'EXIT_CHECK_MISSING' });
          payload.exitCheck = exitCheck;
        }
        return { data, payload };
      },
      project: async (record, projections) => {
        const asOf = record.updatedAt;
        if (input.command === 'APPROVE') {
          await projections.setPermit({ uscc: input.uscc, permitNo: String(record.data.permitNo), validFrom: String(record.data.permitValidFrom), validTo: String(record.data.permitValidTo), asOf });
        }
        if (input.command === 'REVOKE' || input.command === 'CLOSE') {
          // The permit ends with the revocation or the closure; the number stays on record.
          await projections.setPermit({ uscc: input.uscc, permitNo: (record.data.permitNo as string | null) ?? null, validFrom: (record.data.permitValidFrom as string | null) ?? null, validTo: chinaToday(asOf), asOf });
        }
      },
    });
    return responseView(MACHINE, response);
  }
}
