import pg from 'pg';

export interface PgPoolOptions {
  readonly url: string;
  /** Shown in pg_stat_activity, so an operator sees which process holds which connection. */
  readonly applicationName: string;
  /** Connections in the pool. Default 4. */
  readonly max?: number;
  /** Longest a statement may run before the server cancels it. Default 30 s. */
  readonly statementTimeoutMs?: number;
  /** Refuse every write on these connections (verifiers, reports). Default false. */
  readonly readOnly?: boolean;
}

/**
 * int8 (bigint) columns as JavaScript numbers rather than strings: every bigint this project keeps
 * (sequence numbers, counts) stays far below 2^53, and one that did not would be refused rather than
 * rounded.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 && format !== 'binary') {
      return (text: string) => {
        const n = Number(text);
        if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${text} is beyond JavaScript's safe integers`);
        return n;
      };
    }
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * A connection pool for one of the project's PostgreSQL databases. Every connection commits
 * synchronously (a COMMIT that returned is on the server's disk, whatever the server's default),
 * and an error on an idle connection (a server restart) is logged once instead of crashing the
 * process: the next query gets a fresh connection or a clear error.
 */
export function createPgPool(options: PgPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    application_name: options.applicationName,
    max: options.max ?? 4,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    options: `-c synchronous_commit=on -c statement_timeout=${options.statementTimeoutMs ?? 30_000}${options.readOnly ? ' -c default_transaction_read_only=on' : ''}`,
    types,
  } as pg.PoolConfig);
  let warned = false;
  pool.on('error', (error) => {
    if (!warned) process.emitWarning(`PostgreSQL connection of ${options.applicationName} lost: ${error.message}`, 'PostgresWarning');
    warned = true;
  });
  pool.on('connect', () => (warned = false));
  return pool;
}

export type { Pool as PgPool, PoolClient as PgClient } from 'pg';

/**
 * Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it
 * throws. `begin` chooses the isolation level (`BEGIN ISOLATION LEVEL SERIALIZABLE`).
 */
export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      broken = rollbackError as Error; // the connection is gone: do not return it to the pool
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Applies a schema script once per database, recorded by `name` (give each version its own name) in
 * `schema_migrations`. A process that finds its name recorded runs no DDL at all: DDL on a table in
 * use (even CREATE INDEX IF NOT EXISTS) takes a lock that conflicts with writers, and a replica
 * restarting while others append would deadlock with them. The first run holds a transaction-scoped
 * advisory lock, so processes starting at once against an empty database do not race each other's DDL.
 */
export async function migrate(pool: pg.Pool, name: string, script: string): Promise<void> {
  try {
    if ((await pool.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name])).rowCount) return;
  } catch (error) {
    if ((error as { code?: string }).code !== '42P01') throw error; // undefined_table: a new database
  }
  await withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['schema_migrations']);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    if ((await client.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name])).rowCount) return;
    await client.query(script);
    await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
  });
}
