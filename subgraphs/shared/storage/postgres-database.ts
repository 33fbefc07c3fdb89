import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { withTransaction, type PgClient, type PgPool } from '../../../common/postgres/pg-pool';
import type { AgencyDatabase, Migration, SqlParams, SqlStatement } from '../database';
import { subgraphError } from '../errors';
import { renderMigration, SCHEMA_MIGRATIONS_DDL } from './portable-ddl';
import { createSerialLock } from './serial-lock';
import { numberParameters } from './sql-text';
import { POSTGRES_FRAGMENTS } from './sql-fragments';

/**
 * SQLSTATEs after which a command transaction is run again from the start: serialization
 * failure, deadlock, and a unique key taken by a concurrent transaction (the event log's next
 * sequence number, an idempotency key, a new record's id). The rerun reads what the other one
 * committed, so it answers CONFLICT, REPLAYED or goes ahead, as if the two had run one after the other.
 */
const RETRYABLE = new Set(['40001', '40P01', '23505']);
const MAX_ATTEMPTS = 8;

type Queryable = Pick<PgPool, 'query'> | PgClient;

/**
 * The storage contract over a connection pool. Statements are prepared once per connection
 * (named, so the server keeps their plans); outside a transaction each runs on any pooled
 * connection, inside one on the transaction's own.
 */
export function postgresAgencyDatabase(pool: PgPool): AgencyDatabase {
  const inTransaction = new AsyncLocalStorage<PgClient>();
  const serialize = createSerialLock();

  return {
    dialect: 'postgres',
    sql: POSTGRES_FRAGMENTS,
    prepare<R>(text: string): SqlStatement<R> {
      const { text: numbered, names } = numberParameters(text);
      const name = `q_${createHash('sha1').update(numbered).digest('hex').slice(0, 24)}`;
      const execute = (params: SqlParams | undefined) => {
        const values = names.map((key) => {
          if (!params || !(key in params)) throw new Error(`missing named parameter @${key}`);
          return params[key] ?? null;
        });
        const runner: Queryable = inTransaction.getStore() ?? pool;
        return runner.query({ name, text: numbered, values });
      };
      return {
        all: async (params) => (await execute(params)).rows as R[],
        get: async (params) => (await execute(params)).rows[0] as R | undefined,
        run: async (params) => (await execute(params)).rowCount ?? 0,
      };
    },
    transaction<T>(work: () => Promise<T>): Promise<T> {
      if (inTransaction.getStore()) return work();
      return serialize(async () => {
        for (let attempt = 1; ; attempt += 1) {
          try {
            return await withTransaction(pool, (client) => inTransaction.run(client, work), 'BEGIN ISOLATION LEVEL SERIALIZABLE');
          } catch (error) {
            const code = (error as { code?: unknown }).code;
            if (typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
            if (attempt >= MAX_ATTEMPTS) {
              if (code === '23505') throw error; // the same key every time: not a race but a bug
              throw subgraphError('CONFLICT', `the command met ${attempt} concurrent commands on the same records and was not applied; nothing was written; retry it`, {
                reason: 'CONCURRENT_COMMANDS',
              });
            }
          }
          // Both sides of a collision wait a different while before they try again.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
        }
      });
    },
    close: () => pool.end(),
  };
}

/**
 * Brings an agency database's schema up to date with the same migrations SQLite runs, rendered
 * for PostgreSQL. A process that finds every version applied runs no DDL (DDL on a table in use
 * takes locks that conflict with writers); the first process to find one missing applies it under
 * a transaction-scoped advisory lock, so replicas starting at once do not race each other's DDL.
 */
export async function applyPostgresMigrations(pool: PgPool, migrations: readonly Migration[]): Promise<void> {
  if ((await pending(pool, migrations)).length === 0) return;
  await withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['schema_migrations']);
    await migrateInTransaction(client, migrations);
  });
}

/** Applies the missing versions on a connection already inside a transaction (the seed's). */
export async function migrateInTransaction(client: PgClient, migrations: readonly Migration[]): Promise<void> {
  await client.query(renderMigration({ sql: SCHEMA_MIGRATIONS_DDL }, 'postgres'));
  const applied = await appliedVersions(client);
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    await client.query(renderMigration(migration, 'postgres'));
    await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
      migration.version, migration.name, new Date().toISOString(),
    ]);
  }
}

async function pending(db: Queryable, migrations: readonly Migration[]): Promise<Migration[]> {
  const applied = await appliedVersions(db);
  return migrations.filter((m) => !applied.has(m.version));
}

async function appliedVersions(db: Queryable): Promise<Set<number>> {
  try {
    return new Set((await db.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return new Set(); // undefined_table: a new database
    throw error;
  }
}
