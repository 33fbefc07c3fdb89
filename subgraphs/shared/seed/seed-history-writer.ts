import type { Actor } from '../commands/actor';
import type { EventDraft } from '../commands/command-store';
import { actorJson, eventHash, GENESIS_HASH } from '../commands/event-chain';
import type { SqliteDatabase } from '../database';

/** One transition of a seeded history: what happened, when, by whom. */
export interface SeedTransition {
  readonly command: string;
  readonly to: string;
  readonly on: string;
  readonly legalBasis?: string | null;
  readonly decisionDocNo?: string | null;
  readonly payload?: Record<string, unknown>;
}

/**
 * Writes seeded records with the histories that led to their state, hash-chained like live
 * events, so the seed and the commands leave the same kind of log. Synchronous: it runs inside
 * the seed's one transaction on the embedded staging file (which a PostgreSQL seed then loads).
 */
export function createSeedHistoryWriter(db: SqliteDatabase) {
  const insertRecord = db.prepare(
    `INSERT INTO state_records (kind, id, uscc, region_code, state, version, due_on, data, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO events (seq, record_kind, record_id, uscc, region_code, type, from_state, to_state, version, actor,
                         legal_basis, decision_doc_no, payload, occurred_at, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const head = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  return (
    machineName: string,
    record: { kind: string; id: string; uscc: string | null; regionCode: string; dueOn?: string | null; data: Record<string, unknown> },
    actor: Actor,
    transitions: readonly SeedTransition[],
    initial: string,
  ): void => {
    let from = initial;
    transitions.forEach((t, i) => {
      seq += 1;
      const event: EventDraft = {
        recordKind: record.kind, recordId: record.id, uscc: record.uscc, regionCode: record.regionCode,
        type: `${machineName}.${t.command}`, fromState: from, toState: t.to, version: i + 1, actor,
        legalBasis: t.legalBasis ?? null, decisionDocNo: t.decisionDocNo ?? null, payload: { ...t.payload, seeded: true },
        occurredAt: `${t.on}T01:00:00.000Z`,
      };
      const hash = eventHash(prevHash, seq, event);
      insertEvent.run(seq, event.recordKind, event.recordId, event.uscc, event.regionCode, event.type, event.fromState, event.toState,
        event.version, actorJson(actor), event.legalBasis, event.decisionDocNo, JSON.stringify(event.payload), event.occurredAt, prevHash, hash);
      prevHash = hash;
      from = t.to;
    });
    const first = transitions[0]!;
    const last = transitions.at(-1)!;
    insertRecord.run(record.kind, record.id, record.uscc, record.regionCode, last.to, transitions.length, record.dueOn ?? null,
      JSON.stringify(record.data), `${first.on}T01:00:00.000Z`, `${last.on}T01:00:00.000Z`);
  };
}
