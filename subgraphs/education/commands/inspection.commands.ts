import { randomUUID } from 'node:crypto';
import { Arg, Ctx, Directive, Field, InputType, Int, Mutation, Query, Resolver } from 'type-graphql';
import { UsccScalar } from '../../../common/scalars/uscc.scalar';
import { assertInRegion, regionPrefix } from '../../shared/commands/actor';
import { CommandInput } from '../../shared/commands/command-input';
import { commandEnum } from '../../shared/commands/command-enum';
import type { StateRecord } from '../../shared/commands/command-store';
import { recordView, responseView } from '../../shared/commands/record-view';
import { boundedText, runCommand } from '../../shared/commands/run-command';
import { machine } from '../../shared/commands/state-machine';
import { badUserInput } from '../../shared/errors';
import { requiresScopes } from '../../shared/requirements';
import { InspectionResult } from '../types/enums';
import { INSPECTION_SCOPES, InspectionDraw, InspectionTask } from '../types/supervision-records.type';
import { commandSide, type EducationContext } from './context';
import { DRAW_ALGORITHM, drawInspections } from './inspection-draw';

export const INSPECTION_WRITE = 'education:inspection:write';
const DRAW_MACHINE = 'INSPECTION_DRAW';
const TASK_MACHINE = 'INSPECTION';
export const InspectionCommand = commandEnum(TASK_MACHINE, 'InspectionCommand');
/** Institutions that may be inspected: approved, enrolling or suspended. */
const DRAWABLE_STATES = ['APPROVED', 'ENROLMENT_SUSPENDED'];
const MAX_INSPECTORS = 200;

@InputType()
export class RecusalInput {
  @Field()
  inspector!: string;

  @Field(() => UsccScalar)
  uscc!: string;
}

@InputType({ description: '双随机: draws institutions from the region\'s register and at least two inspectors for each.' })
export class DrawInspectionsInput extends CommandInput {
  @Field({ description: 'The inspection item (检查事项).' })
  item!: string;

  @Field({ description: 'GB/T 2260 region whose register is drawn from.' })
  region!: string;

  @Field({ description: 'The public seed of the draw (e.g. the lottery number of the day); with the registers it reproduces the draw.' })
  seed!: string;

  @Field(() => Int)
  objectCount!: number;

  @Field(() => [String], { description: 'The inspector register: enforcement-certificate numbers.' })
  inspectors!: string[];

  @Field(() => Int, { defaultValue: 2 })
  inspectorsPerTask!: number;

  @Field(() => [RecusalInput], { defaultValue: [] })
  recusals!: RecusalInput[];
}

@InputType()
export class InspectionTransitionInput extends CommandInput {
  @Field()
  taskId!: string;

  @Field(() => InspectionCommand)
  command!: string;

  @Field(() => InspectionResult, { nullable: true, description: 'RECORD_RESULT: the outcome.' })
  result?: InspectionResult | null;

  @Field(() => String, { nullable: true, description: 'RECORD_RESULT: what was found.' })
  findings?: string | null;
}

@Resolver()
export class InspectionCommands {
  @Mutation(() => InspectionDraw, { description: 'A reproducible 双随机 draw; one inspection task per institution drawn.' })
  @Directive(requiresScopes([INSPECTION_WRITE]))
  async drawInspections(@Arg('input', () => DrawInspectionsInput) input: DrawInspectionsInput, @Ctx() ctx: EducationContext) {
    const { writes, actor, now } = commandSide(ctx);
    if (!/^\d{6}$/.test(input.region)) throw badUserInput(`input.region must be a 6-digit GB/T 2260 code, got '${input.region}'`, { argument: 'input.region' });
    boundedText(input.item, 'input.item', 200, 2);
    boundedText(input.seed, 'input.seed', 100, 1);
    if (input.inspectors.length > MAX_INSPECTORS) throw badUserInput(`input.inspectors must list at most ${MAX_INSPECTORS}`, { argument: 'input.inspectors' });
    input.inspectors.forEach((inspector, i) => boundedText(inspector, `input.inspectors[${i}]`, 40, 1));
    assertInRegion(actor, input.region);
    const inspectors = [...new Set(input.inspectors.map((i) => i.trim()))].sort();
    const recusals = new Map<string, Set<string>>();
    for (const { inspector, uscc } of input.recusals) recusals.set(uscc, (recusals.get(uscc) ?? new Set()).add(inspector.trim()));
    const drawId = `DR-${randomUUID()}`;
    let tasks: { id: string; uscc: string; regionCode: string; inspectors: readonly string[] }[] = [];
    const response = await runCommand(writes.store, actor, now, {
      machine: machine(DRAW_MACHINE), command: 'DRAW', recordId: drawId,
      create: { uscc: null, regionCode: input.region },
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: async ({ projections }) => {
        // The register is read inside the transaction, so the snapshot is the one drawn from.
        const entries = await projections.drawRegister(regionPrefix(input.region), DRAWABLE_STATES);
        const register = entries.map((e) => e.uscc);
        const regionOf = new Map(entries.map((e) => [e.uscc, e.regionCode]));
        const draw = drawInspections({
          seed: input.seed, objects: register, inspectors, objectCount: input.objectCount,
          inspectorsPerTask: input.inspectorsPerTask, recusals,
        });
        tasks = draw.tasks.map((task, i) => ({ id: `${drawId}-T${String(i + 1).padStart(3, '0')}`, regionCode: regionOf.get(task.uscc)!, ...task }));
        const summary = { item: input.item.trim(), region: input.region, seed: input.seed, algorithm: DRAW_ALGORITHM, registerSnapshotHash: draw.registerSnapshotHash };
        return {
          data: { ...summary, register, inspectorRegister: inspectors, taskIds: tasks.map((t) => t.id) },
          payload: { ...summary, registerSize: register.length, inspectorRegisterSize: inspectors.length, tasks: tasks.map((t) => ({ id: t.id, uscc: t.uscc, inspectors: t.inspectors })) },
        };
      },
      spawn: () => tasks.map((task) => ({
        machine: machine(TASK_MACHINE), id: task.id, uscc: task.uscc, regionCode: task.regionCode,
        data: { drawId, item: input.item.trim(), inspectors: task.inspectors, result: null, findings: null, publishedOn: null },
        payload: { drawId, inspectors: task.inspectors },
      })),
    });
    return this.drawView(ctx, response.record);
  }

  @Query(() => InspectionDraw, { nullable: true, description: 'A 双随机 draw with its seed, register snapshot and tasks.' })
  @Directive(requiresScopes(...INSPECTION_SCOPES))
  async inspectionDraw(@Arg('id') id: string, @Ctx() ctx: EducationContext) {
    const record = await ctx.loaders.records.byId('inspection-draw').load(id);
    return record ? this.drawView(ctx, record) : null;
  }

  @Mutation(() => InspectionTask, { description: 'Records a drawn inspection\'s result, publishes it (谁检查、谁公开), or cancels it.' })
  @Directive(requiresScopes([INSPECTION_WRITE]))
  async transitionInspection(@Arg('input', () => InspectionTransitionInput) input: InspectionTransitionInput, @Ctx() ctx: EducationContext) {
    const { writes, actor, now } = commandSide(ctx);
    const findings = boundedText(input.findings, 'input.findings', 1000)?.trim() || null;
    if (input.command === 'RECORD_RESULT' && (!input.result || !findings)) {
      throw badUserInput('RECORD_RESULT needs input.result and input.findings', { argument: input.result ? 'input.findings' : 'input.result' });
    }
    const response = await runCommand(writes.store, actor, now, {
      machine: machine(TASK_MACHINE), command: input.command, recordId: input.taskId,
      expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey, input,
      legalBasis: input.legalBasis, decisionDocNo: input.decisionDocNo,
      apply: ({ today }) => {
        if (input.command === 'RECORD_RESULT') {
          const due = writes.environment.deadlines.due('inspection.publication', today);
          return { data: { result: input.result, findings, inspectedOn: today }, dueOn: due.dueOn, payload: { result: input.result, due } };
        }
        if (input.command === 'PUBLISH_RESULT') return { data: { publishedOn: today }, dueOn: null, payload: { publishedOn: today } };
        return { dueOn: null };
      },
      project: async (record, projections) => {
        if (record.state !== 'PUBLISHED') return;
        await projections.upsertInspection({
          id: record.id, uscc: record.uscc!, inspectedOn: String(record.data.inspectedOn), kind: 'SPOT_CHECK',
          result: String(record.data.result), findings: String(record.data.findings), asOf: record.updatedAt,
        });
      },
    });
    return responseView(TASK_MACHINE, response);
  }

  private async drawView(ctx: EducationContext, draw: StateRecord) {
    const ids = (draw.data.taskIds as string[]) ?? [];
    const [tasks, histories] = await Promise.all([
      Promise.all(ids.map((id) => ctx.loaders.records.byId('inspection').load(id))),
      Promise.all(ids.map((id) => ctx.loaders.records.history('inspection').load(id))),
    ]);
    return {
      id: draw.id, item: draw.data.item, region: draw.data.region, seed: draw.data.seed, algorithm: draw.data.algorithm,
      registerSnapshotHash: draw.data.registerSnapshotHash, register: draw.data.register,
      tasks: tasks.flatMap((task, i) => (task ? [recordView(TASK_MACHINE, task, histories[i])] : [])),
    };
  }
}
