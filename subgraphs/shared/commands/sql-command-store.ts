import type { AgencyDatabase, Migration } from '../database';
import type { Actor } from './actor';
import type {
  CommandAttempt,
  CommandStore,
  CommandTransaction,
  EventPageQuery,
  RecordReads,
  StateRecord,
  StoredEvent,
  StoredResult,
} from './command-store';
import { actorJson, eventHash, GENESIS_HASH } from './event-chain';

/**
 * The write side's tables, the same in every agency that takes commands: records of the state
 * machines, the immutable hash-chained event log, idempotency results, and every attempt.
 * Triggers refuse UPDATE and DELETE on events (and TRUNCATE in PostgreSQL, which has it).
 */
export function commandTablesMigration(version: number): Migration {
  return {
    version,
    name: 'write side: state records, event log, idempotency results, command attempts',
    sql: (sql) => `
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
      ${sql.pick({
        sqlite: `
      CREATE TRIGGER events_are_immutable_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
      CREATE TRIGGER events_are_immutable_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;`,
        postgres: `
      CREATE FUNCTION events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'events are immutable' USING ERRCODE = 'restrict_violation'; END $$;
      CREATE TRIGGER events_are_immutable_update BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION events_are_immutable();
      CREATE TRIGGER events_are_immutable_delete BEFORE DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_are_immutable();
      CREATE TRIGGER events_are_immutable_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION events_are_immutable();`,
      })}
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

export interface RecordColumns {
  kind: string; id: string; uscc: string | null; regionCode: string; state: string; version: number; dueOn: string | null;
  data: string; createdAt: string; updatedAt: string;
}
interface EventColumns {
  seq: number; recordKind: string; recordId: string; uscc: string | null; regionCode: string; type: string; fromState: string;
  toState: string; version: number; actor: string; legalBasis: string | null; decisionDocNo: string | null; payload: string;
  occurredAt: string; prevHash: string; hash: string;
}

export const RECORD_COLUMNS = `kind, id, uscc, region_code AS "regionCode", state, version, due_on AS "dueOn", data,
  created_at AS "createdAt", updated_at AS "updatedAt"`;
const EVENT_COLUMNS = `seq, record_kind AS "recordKind", record_id AS "recordId", uscc, region_code AS "regionCode", type,
  from_state AS "fromState", to_state AS "toState", version, actor, legal_basis AS "legalBasis", decision_doc_no AS "decisionDocNo",
  payload, occurred_at AS "occurredAt", prev_hash AS "prevHash", hash`;

export function toRecord(row: RecordColumns): StateRecord {
  return { ...row, data: JSON.parse(row.data) as Record<string, unknown> };
}

export function toEvent(row: EventColumns): StoredEvent {
  return { ...row, actor: JSON.parse(row.actor) as Actor, payload: JSON.parse(row.payload) as Record<string, unknown> };
}

/**
 * The command store on the writer: each command is one `writer.transaction`, in which the
 * agency's projection statements (prepared on the same writer) take part too, so they commit
 * or roll back with the command. On PostgreSQL the transaction is SERIALIZABLE: two replicas
 * deciding on the same record, or appending to the chain at once, cannot both commit; the
 * loser runs again, sees the winner's write, and is refused with CONFLICT (or REPLAYED).
 */
export function openSqlCommandStore<P>(writer: AgencyDatabase, projections: P): CommandStore<P> {
  const statements = {
    findResult: writer.prepare<{ command: string; requestHash: string; response: string }>(
      'SELECT command, request_hash AS "requestHash", response FROM command_results WHERE consumer = @consumer AND idempotency_key = @key',
    ),
    saveResult: writer.prepare(
      `INSERT INTO command_results (consumer, idempotency_key, command, request_hash, response, created_at)
       VALUES (@consumer, @key, @command, @requestHash, @response, @at)`,
    ),
    loadRecord: writer.prepare<RecordColumns>(`SELECT ${RECORD_COLUMNS} FROM state_records WHERE kind = @kind AND id = @id`),
    insertRecord: writer.prepare(
      `INSERT INTO state_records (kind, id, uscc, region_code, state, version, due_on, data, created_at, updated_at)
       VALUES (@kind, @id, @uscc, @regionCode, @state, @version, @dueOn, @data, @createdAt, @updatedAt)`,
    ),
    updateRecord: writer.prepare(
      `UPDATE state_records SET state = @state, version = @version, due_on = @dueOn, data = @data, updated_at = @updatedAt
       WHERE kind = @kind AND id = @id AND version = @expectedVersion`,
    ),
    // The chain head: concurrent appends both read it, and serializable isolation lets only one commit.
    head: writer.prepare<{ seq: number; hash: string }>('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1'),
    appendEvent: writer.prepare(
      `INSERT INTO events (seq, record_kind, record_id, uscc, region_code, type, from_state, to_state, version, actor,
                           legal_basis, decision_doc_no, payload, occurred_at, prev_hash, hash)
       VALUES (@seq, @recordKind, @recordId, @uscc, @regionCode, @type, @fromState, @toState, @version, @actor,
               @legalBasis, @decisionDocNo, @payload, @occurredAt, @prevHash, @hash)`,
    ),
    history: writer.prepare<EventColumns>(`SELECT ${EVENT_COLUMNS} FROM events WHERE record_kind = @kind AND record_id = @id ORDER BY seq`),
    logAttempt: writer.prepare(
      `INSERT INTO command_attempts (at, consumer, subject, agency, region, command, record_kind, record_id, outcome, code, reason)
       VALUES (@at, @consumer, @subject, @agency, @region, @command, @recordKind, @recordId, @outcome, @code, @reason)`,
    ),
  };

  const tx: CommandTransaction = {
    async findResult(consumer, key) {
      const row = await statements.findResult.get({ consumer, key });
      return row ? { command: row.command, requestHash: row.requestHash, response: JSON.parse(row.response) } : null;
    },
    async saveResult(consumer, key, result: StoredResult, at) {
      await statements.saveResult.run({
        consumer, key, command: result.command, requestHash: result.requestHash, response: JSON.stringify(result.response), at,
      });
    },
    async loadRecord(kind, id) {
      const row = await statements.loadRecord.get({ kind, id });
      return row ? toRecord(row) : null;
    },
    async insertRecord(record) {
      await statements.insertRecord.run({ ...record, data: JSON.stringify(record.data) });
    },
    async updateRecord(record, expectedVersion) {
      return (await statements.updateRecord.run({ ...record, data: JSON.stringify(record.data), expectedVersion })) === 1;
    },
    async appendEvent(event) {
      const head = await statements.head.get();
      const seq = (head?.seq ?? 0) + 1;
      const prevHash = head?.hash ?? GENESIS_HASH;
      const hash = eventHash(prevHash, seq, event);
      await statements.appendEvent.run({
        ...event, seq, prevHash, hash, actor: actorJson(event.actor), payload: JSON.stringify(event.payload),
      });
      return { ...event, seq, prevHash, hash };
    },
    async history(kind, id) {
      return (await statements.history.all({ kind, id })).map(toEvent);
    },
  };

  return {
    transaction: (work) => writer.transaction(() => work(tx, projections)),
    logAttempt: async (attempt: CommandAttempt) => {
      const { actor } = attempt;
      await statements.logAttempt.run({
        at: attempt.at, consumer: actor.consumer, subject: actor.subject, agency: actor.agency, region: actor.region,
        command: attempt.command, recordKind: attempt.recordKind, recordId: attempt.recordId, outcome: attempt.outcome,
        code: attempt.code, reason: attempt.reason,
      });
    },
  };
}

/** The read side of records and events on the reader, one statement per method. */
export function openRecordReads(db: AgencyDatabase): RecordReads {
  const { sql } = db;
  const records = db.prepare<RecordColumns>(`SELECT ${RECORD_COLUMNS} FROM state_records WHERE kind = @kind AND ${sql.inList('id', 'ids')}`);
  const byUscc = db.prepare<RecordColumns>(
    `SELECT ${RECORD_COLUMNS} FROM state_records WHERE kind = @kind AND ${sql.inList('uscc', 'usccs')} ORDER BY created_at DESC, id`,
  );
  const histories = db.prepare<EventColumns>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE record_kind = @kind AND ${sql.inList('record_id', 'ids')} ORDER BY seq`,
  );
  const page = db.prepare<EventColumns>(
    `SELECT ${EVENT_COLUMNS} FROM events
     WHERE seq > @afterSeq AND ${sql.inList('type', 'types')}
       AND (@regionPrefix = '' OR region_code LIKE @regionPrefix || '%')
     ORDER BY seq LIMIT @limit`,
  );
  const overdue = db.prepare<RecordColumns>(
    `SELECT ${RECORD_COLUMNS} FROM state_records
     WHERE kind = @kind AND due_on IS NOT NULL AND due_on < @today AND ${sql.inList('state', 'states')}
       AND (@regionPrefix = '' OR region_code LIKE @regionPrefix || '%')
       AND (CAST(@afterDueOn AS TEXT) IS NULL OR due_on > @afterDueOn OR (due_on = @afterDueOn AND id > @afterId))
     ORDER BY due_on, id LIMIT @limit`,
  );
  return {
    records: async (kind, ids) => (await records.all({ kind, ids })).map(toRecord),
    recordsByUscc: async (kind, usccs) => (await byUscc.all({ kind, usccs })).map(toRecord),
    histories: async (kind, ids) => (await histories.all({ kind, ids })).map(toEvent),
    eventPage: async (query: EventPageQuery) => (await page.all({ ...query })).map(toEvent),
    overdueRecords: async ({ kind, states, today, regionPrefix, after, limit }) =>
      (await overdue.all({
        kind, today, regionPrefix, limit, states, afterDueOn: after?.dueOn ?? null, afterId: after?.id ?? null,
      })).map(toRecord),
  };
}
