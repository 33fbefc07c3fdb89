import Database from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AgencyDatabase, Migration, SqliteDatabase, SqlParams, SqlStatement } from '../database';
import { renderMigration, SCHEMA_MIGRATIONS_DDL } from './portable-ddl';
import { createSerialLock } from './serial-lock';
import { SQLITE_FRAGMENTS } from './sql-fragments';

/**
 * Opens an agency's SQLite file and brings its schema up to date. WAL lets the seed and a
 * running subgraph read concurrently; each migration commits with its version row or not at all.
 */
export function openSqliteDatabase(file: string, migrations: readonly Migration[]): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA_MIGRATIONS_DDL);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(renderMigration(migration, 'sqlite'));
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
  }
  return db;
}

/**
 * A second connection to an agency's file for commands. WAL lets it write while the reader
 * connection serves queries; the busy timeout covers another process (a seed) holding the lock.
 */
export function openSqliteWriter(file: string): SqliteDatabase {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** SQLite binds no lists and no booleans: a list becomes its JSON text (for json_each), a boolean 0 or 1. */
function bind(params: SqlParams | undefined): Record<string, unknown> | undefined {
  if (!params) return undefined;
  const bound: Record<string, unknown> = {};
  for (const key in params) {
    const value = params[key];
    bound[key] = Array.isArray(value) ? JSON.stringify(value) : typeof value === 'boolean' ? Number(value) : (value ?? null);
  }
  return bound;
}

/**
 * The storage contract over one better-sqlite3 connection (closing it closes the connection).
 * Statements run synchronously underneath; a statement started outside a transaction while one
 * is open on this connection waits for it to end, so it never joins it by accident.
 */
export function sqliteAgencyDatabase(connection: SqliteDatabase): AgencyDatabase {
  const inTransaction = new AsyncLocalStorage<true>();
  const serialize = createSerialLock();
  const outside = <T>(run: () => T): Promise<T> => {
    if (connection.inTransaction && !inTransaction.getStore()) return serialize(async () => run());
    try {
      return Promise.resolve(run());
    } catch (error) {
      return Promise.reject(error);
    }
  };

  return {
    dialect: 'sqlite',
    sql: SQLITE_FRAGMENTS,
    prepare<R>(text: string): SqlStatement<R> {
      const statement = connection.prepare(text);
      const call = <T>(method: (bound: Record<string, unknown> | undefined) => T, params: SqlParams | undefined) =>
        outside(() => method(bind(params)));
      return {
        all: (params) => call((bound) => (bound ? statement.all(bound) : statement.all()) as R[], params),
        get: (params) => call((bound) => (bound ? statement.get(bound) : statement.get()) as R | undefined, params),
        run: (params) => call((bound) => (bound ? statement.run(bound) : statement.run()).changes, params),
      };
    },
    transaction<T>(work: () => Promise<T>): Promise<T> {
      if (inTransaction.getStore()) return work();
      return serialize(() =>
        inTransaction.run(true, async () => {
          connection.exec('BEGIN IMMEDIATE');
          try {
            const result = await work();
            connection.exec('COMMIT');
            return result;
          } catch (error) {
            if (connection.inTransaction) connection.exec('ROLLBACK');
            throw error;
          }
        }),
      );
    },
    close: async () => void connection.close(),
  };
}
