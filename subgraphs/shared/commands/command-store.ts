import type { Actor } from './actor';

/**
 * The storage contract of the write side, the same in every agency. A record is one instance of
 * a state machine (an institution's regulatory status, a complaint, a penalty decision); its
 * `version` counts the transitions it has made. `sql-command-store.ts` implements it once for
 * SQLite and PostgreSQL: every method is async, and `transaction` gives one database transaction
 * per command (serializable on PostgreSQL, re-run when a concurrent command wins).
 */
export interface StateRecord {
  readonly kind: string;
  readonly id: string;
  /** The institution the record is about; null for records about none (an inspection draw). */
  readonly uscc: string | null;
  /** GB/T 2260 code of the institution's district; an officer acts only inside their prefix. */
  readonly regionCode: string;
  readonly state: string;
  readonly version: number;
  /** The deadline now running on the record (acceptance, mediation, publication ...), if any. */
  readonly dueOn: string | null;
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface EventDraft {
  readonly recordKind: string;
  readonly recordId: string;
  readonly uscc: string | null;
  readonly regionCode: string;
  /** The command that made the transition, e.g. APPROVE. */
  readonly type: string;
  readonly fromState: string;
  readonly toState: string;
  /** The record's version after the transition. */
  readonly version: number;
  readonly actor: Actor;
  readonly legalBasis: string | null;
  readonly decisionDocNo: string | null;
  /** What else the transition recorded: inputs, computed due dates, cross-agency checks. Never personal information. */
  readonly payload: Readonly<Record<string, unknown>>;
  readonly occurredAt: string;
}

/** An appended event: numbered in the agency's log and chained to the one before it. */
export interface StoredEvent extends EventDraft {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** What an idempotency key stands for: the command, a hash of its input, and the answer given. */
export interface StoredResult {
  readonly command: string;
  readonly requestHash: string;
  readonly response: unknown;
}

/** One attempt at a command, applied or refused, for the agency's own record of who tried what. */
export interface CommandAttempt {
  readonly at: string;
  readonly actor: Actor;
  readonly command: string;
  readonly recordKind: string;
  readonly recordId: string | null;
  readonly outcome: 'APPLIED' | 'REPLAYED' | 'REFUSED';
  /** The error code of a refusal (FORBIDDEN, CONFLICT, BAD_USER_INPUT ...). */
  readonly code: string | null;
  readonly reason: string | null;
}

/** What a command may do inside its transaction. */
export interface CommandTransaction {
  findResult(consumer: string, idempotencyKey: string): Promise<StoredResult | null>;
  saveResult(consumer: string, idempotencyKey: string, result: StoredResult, at: string): Promise<void>;
  loadRecord(kind: string, id: string): Promise<StateRecord | null>;
  insertRecord(record: StateRecord): Promise<void>;
  /** Writes the record only if its stored version is still `expectedVersion`; false when it moved. */
  updateRecord(record: StateRecord, expectedVersion: number): Promise<boolean>;
  appendEvent(event: EventDraft): Promise<StoredEvent>;
  history(kind: string, id: string): Promise<StoredEvent[]>;
}

/**
 * `P` is the agency's projections: the writes that keep its read tables (filings, penalties,
 * custody ...) in step with the records, inside the same transaction.
 */
export interface CommandStore<P> {
  transaction<T>(work: (tx: CommandTransaction, projections: P) => Promise<T>): Promise<T>;
  logAttempt(attempt: CommandAttempt): Promise<void>;
}

/** A page of an agency's event feed, oldest first after `afterSeq`. */
export interface EventPageQuery {
  readonly afterSeq: number;
  /** Event types the caller may see; the feed never returns others. */
  readonly types: readonly string[];
  /** GB/T 2260 prefix ('' for everywhere). */
  readonly regionPrefix: string;
  readonly limit: number;
}

/** The read side of records and events; each method is one statement. */
export interface RecordReads {
  records(kind: string, ids: readonly string[]): Promise<StateRecord[]>;
  recordsByUscc(kind: string, usccs: readonly string[]): Promise<StateRecord[]>;
  histories(kind: string, ids: readonly string[]): Promise<StoredEvent[]>;
  eventPage(query: EventPageQuery): Promise<StoredEvent[]>;
  /** Records of a kind in one of `states` whose deadline passed before `today`, in a region, by due date. */
  overdueRecords(query: { kind: string; states: readonly string[]; today: string; regionPrefix: string; after: { dueOn: string; id: string } | null; limit: number }): Promise<StateRecord[]>;
}
