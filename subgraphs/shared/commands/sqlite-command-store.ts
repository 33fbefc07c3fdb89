import { createHash } from 'node:crypto';
import type { Migration, SqliteDatabase } from '../database';
import type { Actor } from './actor';
import type {
  CommandAttempt,
  CommandStore,
  CommandTransaction,
  EventDraft,
  EventPageQuery,
  RecordReads,
  StateRecord,
  StoredEvent,
  StoredResult,
} from './command-store';

/**
 * The write side's tables, the same in every agency that takes commands: records of the state
 * machines, the immutable hash-chained event log, idempotency results, and every attempt. SQLite
 * triggers refuse UPDATE and DELETE on events; PostgreSQL would do the same with a rule or by
 * granting INSERT only.
 */
export function commandTablesMigration(version: number): Migration {
  return {
    version,
    name: 'write side: state records, event log, idempotency results, command attempts',
    sql: `
      CREATE TABLE state_records (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        uscc TEXT,
        region_code TEXT NOT NULL,
        state TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        due_on TEXT,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (kind, id)
      );
      CREATE INDEX state_records_uscc ON state_records (kind, uscc);
      CREATE INDEX state_records_due ON state_records (kind, due_on, id) WHERE due_on IS NOT NULL;
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        record_kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        uscc TEXT,
        region_code TEXT NOT NULL,
        type TEXT NOT NULL,
        from_state TEXT NOT NULL,
        to_state TEXT NOT NULL,
        version INTEGER NOT NULL,
        actor TEXT NOT NULL,
        legal_basis TEXT,
        decision_doc_no TEXT,
        payload TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        UNIQUE (record_kind, record_id, version)
      );
      CREATE INDEX events_record ON events (record_kind, record_id, seq);
      CREATE INDEX events_type ON events (type, seq);
      CREATE TRIGGER events_are_immutable_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
      CREATE TRIGGER events_are_immutable_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
      CREATE TABLE command_results (
        consumer TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        command TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        response TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (consumer, idempotency_key)
      ) WITHOUT ROWID;
      CREATE TABLE command_attempts (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        consumer TEXT NOT NULL,
        subject TEXT NOT NULL,
        agency TEXT,
        region TEXT,
        command TEXT NOT NULL,
        record_kind TEXT NOT NULL,
        record_id TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('APPLIED', 'REPLAYED', 'REFUSED')),
        code TEXT,
        reason TEXT
      );
    `,
  };
}

export const GENESIS_HASH = '0'.repeat(64);

/** The hash that chains an event to the one before it; every field of the event is covered. */
export function eventHash(prevHash: string, seq: number, event: EventDraft): string {
  const content = JSON.stringify([
    seq, event.recordKind, event.recordId, event.uscc, event.regionCode, event.type, event.fromState, event.toState,
    event.version, actorJson(event.actor), event.legalBasis, event.decisionDocNo, JSON.stringify(event.payload), event.occurredAt,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

function actorJson(actor: Actor): string {
  return JSON.stringify({ subject: actor.subject, consumer: actor.consumer, agency: actor.agency, region: actor.region });
}

export interface RecordColumns {
  kind: string; id: string; uscc: string | null; regionCode: string; state: string; version: number; dueOn: string | null;
  data: string; createdAt: string; updatedAt: string;
}
interface EventColumns {
  seq: number; recordKind: string; recordId: string; uscc: string | null; regionCode: string; type: string; fromState: string;
  toState: string; version: number; actor: string; legalBasis: string | null; decisionDocNo: string | null; payload: string;
  occurredAt: string; prevHash: string; hash: string;
}

export const RECORD_COLUMNS = `kind, id, uscc, region_code AS regionCode, state, version, due_on AS dueOn, data,
  created_at AS createdAt, updated_at AS updatedAt`;
const EVENT_COLUMNS = `seq, record_kind AS recordKind, record_id AS recordId, uscc, region_code AS regionCode, type,
  from_state AS fromState, to_state AS toState, version, actor, legal_basis AS legalBasis, decision_doc_no AS decisionDocNo,
  payload, occurred_at AS occurredAt, prev_hash AS prevHash, hash`;

export function toRecord(row: RecordColumns): StateRecord {
  return { ...row, data: JSON.parse(row.data) as Record<string, unknown> };
}

export function toEvent(row: EventColumns): StoredEvent {
  return { ...row, actor: JSON.parse(row.actor) as Actor, payload: JSON.parse(row.payload) as Record<string, unknown> };
}

/**
 * Runs one async function at a time. better-sqlite3 has one connection per handle, so two
 * commands interleaving their awaits on it would share a transaction; the lock keeps each command
 * alone on the writer, and readers use their own connection so they never see uncommitted rows.
 */
function createLock() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * The SQLite command store on the writer connection. `projections` binds the agency's own
 * projection statements to the same connection, so they commit or roll back with the command.
 */
export function openSqliteCommandStore<P>(writer: SqliteDatabase, projections: P): CommandStore<P> {
  const statements = {
    findResult: writer.prepare(
      'SELECT command, request_hash AS requestHash, response FROM command_results WHERE consumer = ? AND idempotency_key = ?',
    ),
    saveResult: writer.prepare(
      'INSERT INTO command_results (consumer, idempotency_key, command, request_hash, response, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    loadRecord: writer.prepare(`SELECT ${RECORD_COLUMNS} FROM state_records WHERE kind = ? AND id = ?`),
    insertRecord: writer.prepare(
      `INSERT INTO state_records (kind, id, uscc, region_code, state, version, due_on, data, created_at, updated_at)
       VALUES (@kind, @id, @uscc, @regionCode, @state, @version, @dueOn, @data, @createdAt, @updatedAt)`,
    ),
    updateRecord: writer.prepare(
      `UPDATE state_records SET state = @state, version = @version, due_on = @dueOn, data = @data, updated_at = @updatedAt
       WHERE kind = @kind AND id = @id AND version = @expectedVersion`,
    ),
    // The chain head. PostgreSQL would take it FOR UPDATE so that concurrent appends queue here.
    head: writer.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1'),
    appendEvent: writer.prepare(
      `INSERT INTO events (seq, record_kind, record_id, uscc, region_code, type, from_state, to_state, version, actor,
                           legal_basis, decision_doc_no, payload, occurred_at, prev_hash, hash)
       VALUES (@seq, @recordKind, @recordId, @uscc, @regionCode, @type, @fromState, @toState, @version, @actor,
               @legalBasis, @decisionDocNo, @payload, @occurredAt, @prevHash, @hash)`,
    ),
    history: writer.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE record_kind = ? AND record_id = ? ORDER BY seq`),
    logAttempt: writer.prepare(
      `INSERT INTO command_attempts (at, consumer, subject, agency, region, command, record_kind, record_id, outcome, code, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
  const serialize = createLock();

  const tx: CommandTransaction = {
    async findResult(consumer, key) {
      const row = statements.findResult.get(consumer, key) as { command: string; requestHash: string; response: string } | undefined;
      return row ? { command: row.command, requestHash: row.requestHash, response: JSON.parse(row.response) } : null;
    },
    async saveResult(consumer, key, result: StoredResult, at) {
      statements.saveResult.run(consumer, key, result.command, result.requestHash, JSON.stringify(result.response), at);
    },
    async loadRecord(kind, id) {
      const row = statements.loadRecord.get(kind, id) as RecordColumns | undefined;
      return row ? toRecord(row) : null;
    },
    async insertRecord(record) {
      statements.insertRecord.run({ ...record, data: JSON.stringify(record.data) });
    },
    async updateRecord(record, expectedVersion) {
      return statements.updateRecord.run({ ...record, data: JSON.stringify(record.data), expectedVersion }).changes === 1;
    },
    async appendEvent(event) {
      const head = statements.head.get() as { seq: number; hash: string } | undefined;
      const seq = (head?.seq ?? 0) + 1;
      const prevHash = head?.hash ?? GENESIS_HASH;
      const hash = eventHash(prevHash, seq, event);
      statements.appendEvent.run({
        ...event, seq, prevHash, hash, actor: actorJson(event.actor), payload: JSON.stringify(event.payload),
      });
      return { ...event, seq, prevHash, hash };
    },
    async history(kind, id) {
      return (statements.history.all(kind, id) as EventColumns[]).map(toEvent);
    },
  };

  return {
    transaction: (work) =>
      serialize(async () => {
        writer.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(tx, projections);
          writer.exec('COMMIT');
          return result;
        } catch (error) {
          if (writer.inTransaction) writer.exec('ROLLBACK');
          throw error;
        }
      }),
    logAttempt: (attempt: CommandAttempt) =>
      serialize(async () => {
        const { actor } = attempt;
        statements.logAttempt.run(attempt.at, actor.consumer, actor.subject, actor.agency, actor.region, attempt.command,
          attempt.recordKind, attempt.recordId, attempt.outcome, attempt.code, attempt.reason);
      }),
  };
}

/** The read side of records and events, on the reader connection. */
export function openSqliteRecordReads(db: SqliteDatabase): RecordReads {
  const records = db.prepare(`SELECT ${RECORD_COLUMNS} FROM state_records WHERE kind = ? AND id IN (SELECT value FROM json_each(?))`);
  const byUscc = db.prepare(
    `SELECT ${RECORD_COLUMNS} FROM state_records WHERE kind = ? AND uscc IN (SELECT value FROM json_each(?)) ORDER BY created_at DESC, id`,
  );
  const histories = db.prepare(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE record_kind = ? AND record_id IN (SELECT value FROM json_each(?)) ORDER BY seq`,
  );
  const page = db.prepare(
    `SELECT ${EVENT_COLUMNS} FROM events
     WHERE seq > @afterSeq AND type IN (SELECT value FROM json_each(@types))
       AND (@regionPrefix = '' OR region_code LIKE @regionPrefix || '%')
     ORDER BY seq LIMIT @limit`,
  );
  const overdue = db.prepare(
    `SELECT ${RECORD_COLUMNS} FROM state_records
     WHERE kind = @kind AND due_on IS NOT NULL AND due_on < @today AND state IN (SELECT value FROM json_each(@states))
       AND (@regionPrefix = '' OR region_code LIKE @regionPrefix || '%')
       AND (@afterDueOn IS NULL OR due_on > @afterDueOn OR (due_on = @afterDueOn AND id > @afterId))
     ORDER BY due_on, id LIMIT @limit`,
  );
  return {
    records: async (kind, ids) => (records.all(kind, JSON.stringify(ids)) as RecordColumns[]).map(toRecord),
    recordsByUscc: async (kind, usccs) => (byUscc.all(kind, JSON.stringify(usccs)) as RecordColumns[]).map(toRecord),
    histories: async (kind, ids) => (histories.all(kind, JSON.stringify(ids)) as EventColumns[]).map(toEvent),
    eventPage: async (query: EventPageQuery) =>
      (page.all({ ...query, types: JSON.stringify(query.types) }) as EventColumns[]).map(toEvent),
    overdueRecords: async ({ kind, states, today, regionPrefix, after, limit }) =>
      (overdue.all({
        kind, today, regionPrefix, limit, states: JSON.stringify(states),
        afterDueOn: after?.dueOn ?? null, afterId: after?.id ?? null,
      }) as RecordColumns[]).map(toRecord),
  };
}

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
 * the seed's one transaction.
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
