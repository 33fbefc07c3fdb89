import { createHash } from 'node:crypto';
import type { Actor } from './actor';
import type { EventDraft } from './command-store';

export const GENESIS_HASH = '0'.repeat(64);

/** The hash that chains an event to the one before it; every field of the event is covered. */
export function eventHash(prevHash: string, seq: number, event: EventDraft): string {
  const content = JSON.stringify([
    seq, event.recordKind, event.recordId, event.uscc, event.regionCode, event.type, event.fromState, event.toState,
    event.version, actorJson(event.actor), event.legalBasis, event.decisionDocNo, JSON.stringify(event.payload), event.occurredAt,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/** The actor as stored with its event, fields in a fixed order. */
export function actorJson(actor: Actor): string {
  return JSON.stringify({ subject: actor.subject, consumer: actor.consumer, agency: actor.agency, region: actor.region });
}
