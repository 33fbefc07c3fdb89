import { createPgPool, migrate, type PgPool } from '../../common/postgres/pg-pool';
import { GENESIS_HASH } from './audit-chain';
import { chainBatch, checkCheckpointEvery, type ChainedRow, type ChainState } from './audit-batch';
import type { AuditSigner } from './audit-signer';
import { AuditLogTamperedError, type AuditStore } from './audit-store';
import { signHeadAnchor } from './head-anchor';
import { normalizeAuditEntry, type NormalizedEntry } from './normalize-audit-entry';

export interface PostgresAuditStoreOptions {
  /** A signed checkpoint record follows the batch that brings the unsigned run to this many. Default 1000. */
  readonly checkpointEvery?: number;
  /** Open even though records exist and the head anchor row is missing (see SqliteAuditStoreOptions). */
  readonly acceptUnanchoredTail?: boolean;
  /** Unlocked tries of an append (the first on the cached head, then on a re-read one) before it takes the head row's lock. Default 3; 0 always locks. */
  readonly optimisticAttempts?: number;
  /** Shown in pg_stat_activity. Default 'edu-gateway-audit'. */
  readonly applicationName?: string;
}

/**
 * The same two tables as the SQLite store, plus `audit_head`: one row that is at once the chain's
 * head (seq, hash, records since the last checkpoint), its signed head anchor, and the lock that
 * serialises appenders. Text that is compared or ordered is COLLATE "C", byte order, as in SQLite,
 * whatever the database's locale.
 */
export const POSTGRES_AUDIT_SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_log (
  seq        bigint PRIMARY KEY,
  time       text COLLATE "C" NOT NULL,
  type       text NOT NULL,
  request_id text NOT NULL,
  consumer   text,
  subject    text,
  purpose    text,
  outcome    text NOT NULL,
  body       text NOT NULL,
  prev_hash  text NOT NULL,
  hash       text NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_uscc (
  seq  bigint NOT NULL,
  uscc text COLLATE "C" NOT NULL,
  PRIMARY KEY (seq, uscc)
);
CREATE INDEX IF NOT EXISTS audit_uscc_by_uscc ON audit_uscc (uscc, seq);
CREATE INDEX IF NOT EXISTS audit_operations_by_consumer ON audit_log (consumer, seq) WHERE type = 'operation';
CREATE INDEX IF NOT EXISTS audit_operations_by_time ON audit_log (time) WHERE type = 'operation';
CREATE TABLE IF NOT EXISTS audit_head (
  id        boolean PRIMARY KEY DEFAULT true CHECK (id),
  seq       bigint NOT NULL,
  hash      text NOT NULL,
  unsigned  integer NOT NULL,
  time      text NOT NULL,
  alg       text NOT NULL,
  kid       text NOT NULL,
  signature text NOT NULL
);
`;

/**
 * One statement, so one implicit transaction and one round trip: move the head from what this
 * store last wrote to the batch's new head, and insert the batch only if that succeeded. When
 * another replica appended in between, the UPDATE matches no row (under READ COMMITTED it waits
 * for that replica's commit and re-checks the new row), nothing is written, and `moved` is false.
 */
const APPEND_SQL = `
WITH head AS (
  UPDATE audit_head SET seq = $1, hash = $2, unsigned = $3, time = $4, alg = $5, kid = $6, signature = $7
   WHERE seq = $8 AND hash = $9
  RETURNING 1
), log AS (
  INSERT INTO audit_log (seq, time, type, request_id, consumer, subject, purpose, outcome, body, prev_hash, hash)
  SELECT * FROM unnest($10::bigint[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[])
   WHERE EXISTS (SELECT 1 FROM head)
), uscc AS (
  INSERT INTO audit_uscc (seq, uscc)
  SELECT * FROM unnest($21::bigint[], $22::text[])
   WHERE EXISTS (SELECT 1 FROM head)
)
SELECT EXISTS (SELECT 1 FROM head) AS moved`;

/** The head row and, in the same snapshot, the log's tail and the record the head names. */
const OPEN_SQL = `
SELECT h.seq, h.hash, h.unsigned,
       t.seq AS tail_seq, t.hash AS tail_hash,
       (SELECT a.hash FROM audit_log a WHERE a.seq = h.seq) AS anchored_hash,
       (SELECT max(c.seq) FROM audit_log c WHERE c.type = 'checkpoint') AS last_checkpoint
  FROM (SELECT 1) AS one
  LEFT JOIN audit_head h ON true
  LEFT JOIN LATERAL (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1) t ON true`;

interface OpenRow {
  seq: number | null;
  hash: string | null;
  unsigned: number | null;
  tail_seq: number | null;
  tail_hash: string | null;
  anchored_hash: string | null;
  last_checkpoint: number | null;
}

function appendParams(expected: ChainState, next: ChainState, rows: readonly ChainedRow[], signer: AuditSigner): unknown[] {
  const anchor = signHeadAnchor(signer, next.seq, next.hash);
  const columns: unknown[][] = Array.from({ length: 11 }, () => []);
  const usccSeqs: number[] = [];
  const usccs: string[] = [];
  for (const { seq, prevHash, hash, entry, bodyJson } of rows) {
    const values = [seq, entry.time, entry.type, entry.requestId, entry.consumer, entry.subject, entry.purpose, entry.outcome, bodyJson, prevHash, hash];
    values.forEach((value, i) => columns[i]!.push(value));
    for (const uscc of entry.usccs) {
      usccSeqs.push(seq);
      usccs.push(uscc);
    }
  }
  return [next.seq, next.hash, next.unsigned, anchor.time, anchor.alg, anchor.kid, anchor.signature, expected.seq, expected.hash, ...columns, usccSeqs, usccs];
}

async function readHead(run: (sql: string) => Promise<{ rows: ChainState[] }>): Promise<ChainState> {
  const head = (await run('SELECT seq, hash, unsigned FROM audit_head')).rows[0];
  if (!head) throw new AuditLogTamperedError('the audit_head row (the chain head and its signed anchor) was deleted while the gateway was running');
  return head;
}

export interface PostgresAuditStore extends AuditStore {
  close(): Promise<void>;
}

/**
 * The audit log in PostgreSQL, shareable by several gateway replicas as ONE chain. Each append is
 * one transaction that moves the head row and inserts the records, and the signed head anchor is
 * part of that row, so it is re-signed with every commit at no extra round trip: there is never an
 * unanchored tail. A replica that finds the head moved by another re-reads it and re-chains its
 * batch, and after a few races lost in a row does so under the head row's lock (SELECT ... FOR
 * UPDATE): concurrent appends from any number of processes are serialised by the database.
 */
export async function openPostgresAuditStore(url: string, signer: AuditSigner, options: PostgresAuditStoreOptions = {}): Promise<PostgresAuditStore> {
  const checkpointEvery = checkCheckpointEvery(options.checkpointEvery ?? 1000);
  const optimisticAttempts = options.optimisticAttempts ?? 3;
  const pool: PgPool = createPgPool({ url, applicationName: options.applicationName ?? 'edu-gateway-audit', max: 2 });
  let state: ChainState;
  try {
    await migrate(pool, 'audit 1: audit_log, audit_uscc, audit_head', POSTGRES_AUDIT_SCHEMA);
    state = await openHead(pool, signer, options.acceptUnanchoredTail ?? false);
  } catch (error) {
    await pool.end();
    throw error;
  }

  // True while this store believes `state` is the database's head: then an append is one round
  // trip. After another replica moved the head, an append reads the head first (two round trips,
  // no lock held between them) until it finds the head where this store left it again; after
  // `optimisticAttempts` races lost in a row it takes the head row's lock instead.
  let current = true;
  let closed = false;

  const tryAppend = async (expected: ChainState, items: readonly NormalizedEntry[], run: (sql: string, params: unknown[]) => Promise<{ rows: { moved: boolean }[] }>) => {
    const batch = chainBatch(expected, items, signer, checkpointEvery);
    const { rows } = await run(APPEND_SQL, appendParams(expected, batch.head, batch.rows, signer));
    return rows[0]?.moved ? batch.head : null;
  };

  const appendNormalized = async (items: readonly NormalizedEntry[]): Promise<void> => {
    if (closed) throw new Error('audit store is closed');
    if (items.length === 0) return;
    try {
      for (let attempt = 0; attempt < optimisticAttempts; attempt += 1) {
        const blind = attempt === 0 && current;
        const head = blind ? state : await readHead((sql) => pool.query(sql));
        const next = await tryAppend(head, items, (sql, params) => pool.query(sql, params));
        if (next) {
          // Blind again next time only if nobody else had written since this store's last commit.
          current = blind || (head.seq === state.seq && head.hash === state.hash);
          state = next;
          return;
        }
      }
      current = false;
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const head = await readHead((sql) => client.query(`${sql} FOR UPDATE`));
        const next = await tryAppend(head, items, (sql, params) => client.query(sql, params));
        if (!next) throw new Error('audit head moved while locked'); // cannot happen while the row lock is held
        await client.query('COMMIT');
        current = head.seq === state.seq && head.hash === state.hash;
        state = next;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        client.release(broken);
      }
    } catch (error) {
      // A lost connection may have lost a COMMIT that happened: re-read the head next time.
      current = false;
      throw error;
    }
  };

  return {
    append: (entries) => appendNormalized(entries.map(normalizeAuditEntry)),
    appendNormalized,
    head: () => ({ seq: state.seq, hash: state.hash }),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** Checks the head row against the log's tail (fail closed) and returns the chain state to append after. */
async function openHead(pool: PgPool, signer: AuditSigner, acceptUnanchoredTail: boolean): Promise<ChainState> {
  const row = (await pool.query<OpenRow>(OPEN_SQL)).rows[0] as OpenRow;
  const tailSeq = row.tail_seq ?? 0;
  const where = 'the PostgreSQL audit log';
  if (row.seq !== null) {
    if (row.seq > tailSeq) throw new AuditLogTamperedError(`${where} ends at #${tailSeq} but its head anchor was signed at #${row.seq} (TRUNCATED)`);
    const anchoredHash = row.seq === 0 ? GENESIS_HASH : row.anchored_hash;
    if (anchoredHash !== row.hash) throw new AuditLogTamperedError(`${where} record #${row.seq} differs from its signed head anchor (EDITED)`);
    if (tailSeq > row.seq) throw new AuditLogTamperedError(`${where} holds records #${row.seq + 1}..#${tailSeq} after its signed head anchor, which every commit moves (INSERTED)`);
    return { seq: row.seq, hash: row.hash as string, unsigned: row.unsigned as number };
  }
  if (tailSeq > 0 && !acceptUnanchoredTail) throw new AuditLogTamperedError(`${where} holds ${tailSeq} records but its head anchor row (audit_head) is missing`);
  const head: ChainState = { seq: tailSeq, hash: row.tail_hash ?? GENESIS_HASH, unsigned: tailSeq - (row.last_checkpoint ?? 0) };
  const anchor = signHeadAnchor(signer, head.seq, head.hash);
  // Two replicas starting on an empty database both get here: the first row wins, and both read it back.
  await pool.query(
    'INSERT INTO audit_head (seq, hash, unsigned, time, alg, kid, signature) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING',
    [head.seq, head.hash, head.unsigned, anchor.time, anchor.alg, anchor.kid, anchor.signature],
  );
  const stored = (await pool.query<ChainState>('SELECT seq, hash, unsigned FROM audit_head')).rows[0] as ChainState;
  return stored;
}
