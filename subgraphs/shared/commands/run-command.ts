import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { badUserInput, subgraphError } from '../errors';
import { assertInRegion, assertIssuer, assertLevel, type Actor } from './actor';
import type { CommandStore, StateRecord, StoredEvent } from './command-store';
import { planTransition, type Machine } from './state-machine';
import { chinaToday } from '../../../common/china-day';

/** What a command answers: the record as the transition left it, and its whole history. */
export interface CommandResponse {
  readonly record: StateRecord;
  readonly history: readonly StoredEvent[];
}

export interface ApplyContext<P> {
  /** The record before the command; null when the command creates it. */
  readonly record: StateRecord | null;
  readonly projections: P;
  /** The command's time, ISO 8601, and its date in China. */
  readonly at: string;
  readonly today: string;
}

export interface Applied {
  /** Fields merged into the record's data. */
  readonly data?: Record<string, unknown>;
  /** The deadline now running; undefined keeps the current one, null clears it. */
  readonly dueOn?: string | null;
  /** Recorded with the event (due dates computed, cross-agency checks, inputs). Never personal information. */
  readonly payload?: Record<string, unknown>;
}

export interface CommandRequest<P> {
  readonly machine: Machine;
  readonly command: string;
  readonly recordId: string;
  /** For a command that creates its record: the institution (null for none) and region it belongs to. */
  readonly create?: { readonly uscc: string | null; readonly regionCode: string };
  /** The record's version the caller last saw; 0 for a record that does not exist yet. */
  readonly expectedVersion: number;
  readonly idempotencyKey: string;
  /**
   * What the key stands for when one mutation makes one of several commands, chosen from a read
   * before the transaction (submitFiling: SUBMIT, or REAPPLY once the record exists). A retry
   * of an applied submitFiling sees the record it made and would choose the other command; the
   * key is checked against this name instead, so the retry is REPLAYED, not refused. Default: `command`.
   */
  readonly replayAs?: string;
  /** The command's input as the caller sent it; a replay with the same key must send the same. */
  readonly input: unknown;
  readonly legalBasis?: string | null;
  readonly decisionDocNo?: string | null;
  /** Checks the machine cannot express and the new data, inside the transaction. */
  readonly apply?: (context: ApplyContext<P>) => Promise<Applied> | Applied;
  /** Keeps the agency's read tables in step with the record, inside the same transaction. */
  readonly project?: (record: StateRecord, projections: P, previous: StateRecord | null) => Promise<void> | void;
  /**
   * Further records the same command creates, each in `machine`'s state after `command` from its
   * initial state, each with its own event (an inspection draw creates one task per institution).
   */
  readonly spawn?: (record: StateRecord) => readonly Spawned[];
}

export interface Spawned {
  readonly machine: Machine;
  readonly id: string;
  readonly uscc: string | null;
  readonly regionCode: string;
  readonly data: Record<string, unknown>;
  readonly dueOn?: string | null;
  readonly payload?: Record<string, unknown>;
}

const KEY_FORM = /^[A-Za-z0-9._:-]{8,128}$/;
const MAX_LEGAL_TEXT = 500;
const MAX_DOC_NO = 100;

/**
 * One command, one transaction: the idempotency key is looked up, the region, the officer's
 * administrative level and the expected version checked, the machine asked whether the transition is allowed, the record written, the
 * agency's read tables projected, the event appended and the answer stored under the key. Any
 * refusal rolls all of it back. Every attempt, applied or refused, is logged for the agency.
 */
export async function runCommand<P>(store: CommandStore<P>, actor: Actor, now: Date, request: CommandRequest<P>): Promise<CommandResponse> {
  const { machine, command, recordId } = request;
  const at = now.toISOString();
  const today = chinaToday(now);
  const attempt = { at, actor, command: `${machine.name}.${command}`, recordKind: machine.recordKind, recordId };
  const keyCommand = `${machine.name}.${request.replayAs ?? command}`;
  try {
    checkCommandFields(request);
    // The input, not the record id: a create command's id is made anew on each try.
    const requestHash = createHash('sha256').update(JSON.stringify([machine.name, request.replayAs ?? command, request.input])).digest('hex');
    const outcome = await store.transaction(async (tx, projections) => {
      const previous = await tx.findResult(actor.consumer, request.idempotencyKey);
      if (previous) {
        if (previous.requestHash !== requestHash || previous.command !== keyCommand) {
          throw badUserInput(`idempotencyKey '${request.idempotencyKey}' was already used for a different command or input`, {
            argument: 'input.idempotencyKey', reason: 'IDEMPOTENCY_KEY_REUSED',
          });
        }
        return { replayed: true, response: previous.response as CommandResponse };
      }
      const record = await tx.loadRecord(machine.recordKind, recordId);
      const regionCode = record?.regionCode ?? request.create?.regionCode;
      const uscc = record?.uscc ?? request.create?.uscc;
      if (!regionCode || uscc === undefined) throw badUserInput(`no ${machine.recordKind} '${recordId}' is on record`, { reason: 'NOT_FOUND' });
      assertInRegion(actor, regionCode);
      const step = machine.transitions.get(command);
      if (step && !step.internal) assertLevel(actor, machine.name, command, step.levels);
      // The first event, immutable and chained, says who issued the record.
      if (step?.issuerOnly) assertIssuer(actor, machine.name, command, record ? (await tx.history(record.kind, record.id))[0]?.actor : undefined);
      const currentVersion = record?.version ?? 0;
      if (currentVersion !== request.expectedVersion) {
        throw subgraphError('CONFLICT', `${machine.recordKind} '${recordId}' is at version ${currentVersion}, not ${request.expectedVersion}; re-read it and decide again`, {
          currentVersion, expectedVersion: request.expectedVersion, currentState: record?.state ?? machine.initial,
        });
      }
      const transition = planTransition(machine, record?.state ?? machine.initial, command);
      for (const field of transition.requires) {
        if (!request[field]?.trim()) throw badUserInput(`${command} needs input.${field}`, { argument: `input.${field}`, reason: 'REQUIRED_BY_LAW' });
      }
      const applied = (await request.apply?.({ record, projections, at, today })) ?? {};
      const next: StateRecord = {
        kind: machine.recordKind, id: recordId, uscc, regionCode,
        state: transition.to,
        version: currentVersion + 1,
        dueOn: applied.dueOn === undefined ? (record?.dueOn ?? null) : applied.dueOn,
        data: { ...record?.data, ...applied.data },
        createdAt: record?.createdAt ?? at,
        updatedAt: at,
      };
      if (record) {
        if (!(await tx.updateRecord(next, currentVersion))) {
          throw subgraphError('CONFLICT', `${machine.recordKind} '${recordId}' changed while the command ran`, { expectedVersion: currentVersion });
        }
      } else {
        await tx.insertRecord(next);
      }
      await request.project?.(next, projections, record);
      const event = {
        actor,
        legalBasis: request.legalBasis?.trim() || null,
        decisionDocNo: request.decisionDocNo?.trim() || null,
        occurredAt: at,
      };
      for (const child of request.spawn?.(next) ?? []) {
        assertInRegion(actor, child.regionCode);
        const childTransition = planTransition(child.machine, child.machine.initial, command);
        assertLevel(actor, child.machine.name, command, childTransition.levels);
        await tx.insertRecord({
          kind: child.machine.recordKind, id: child.id, uscc: child.uscc, regionCode: child.regionCode, state: childTransition.to,
          version: 1, dueOn: child.dueOn ?? null, data: child.data, createdAt: at, updatedAt: at,
        });
        await tx.appendEvent({
          ...event, recordKind: child.machine.recordKind, recordId: child.id, uscc: child.uscc, regionCode: child.regionCode,
          type: `${child.machine.name}.${command}`, fromState: child.machine.initial, toState: childTransition.to, version: 1,
          payload: { ...child.payload, spawnedBy: `${machine.recordKind}/${recordId}` },
        });
      }
      await tx.appendEvent({
        ...event,
        recordKind: machine.recordKind, recordId, uscc, regionCode,
        type: attempt.command,
        fromState: record?.state ?? machine.initial,
        toState: transition.to,
        version: next.version,
        payload: { ...applied.payload, ...(transition.unverified ? { unverifiedRule: transition.unverified } : {}) },
      });
      const response: CommandResponse = { record: next, history: await tx.history(machine.recordKind, recordId) };
      await tx.saveResult(actor.consumer, request.idempotencyKey, { command: keyCommand, requestHash, response }, at);
      return { replayed: false, response };
    });
    await store.logAttempt({ ...attempt, outcome: outcome.replayed ? 'REPLAYED' : 'APPLIED', code: null, reason: null });
    return outcome.response;
  } catch (error) {
    if (error instanceof GraphQLError) {
      const code = String(error.extensions.code ?? '');
      const reason = error.extensions.reason ? String(error.extensions.reason) : null;
      await store.logAttempt({ ...attempt, outcome: 'REFUSED', code, reason });
    }
    throw error;
  }
}

function checkCommandFields<P>(request: CommandRequest<P>): void {
  if (!KEY_FORM.test(request.idempotencyKey)) {
    throw badUserInput('input.idempotencyKey must be 8 to 128 characters of A-Z a-z 0-9 . _ : -', { argument: 'input.idempotencyKey' });
  }
  if (!Number.isInteger(request.expectedVersion) || request.expectedVersion < 0) {
    throw badUserInput(`input.expectedVersion must be a whole number, got ${request.expectedVersion}`, { argument: 'input.expectedVersion' });
  }
  boundedText(request.legalBasis, 'input.legalBasis', MAX_LEGAL_TEXT);
  boundedText(request.decisionDocNo, 'input.decisionDocNo', MAX_DOC_NO);
}

/** Checks a free-text field: at most `max` characters, no control characters. */
export function boundedText(value: string | null | undefined, argument: string, max: number, min = 0): string | null {
  if (value === null || value === undefined) {
    if (min > 0) throw badUserInput(`${argument} is required`, { argument });
    return null;
  }
  const length = [...value].length;
  if (length > max) throw badUserInput(`${argument} must be at most ${max} characters, got ${length}`, { argument });
  if (value.trim().length < min) throw badUserInput(`${argument} must have at least ${min} characters`, { argument });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) throw badUserInput(`${argument} contains control characters`, { argument });
  return value;
}
