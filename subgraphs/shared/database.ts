import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Provenance } from './types/provenance.type';

export type SqliteDatabase = Database.Database;

/** One schema change, applied once and recorded in `schema_migrations`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

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
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
  }
  return db;
}

/**
 * A second connection to an agency's file for commands. WAL lets it write while the reader
 * connection serves queries; the busy timeout covers another process (a seed) holding the lock.
 */
export function openWriterConnection(file: string): SqliteDatabase {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * The WHERE clause of every batched statement: the keys travel as one JSON array parameter, so
 * one prepared statement serves a batch of any size.
 */
export const USCC_IN_BATCH = 'uscc IN (SELECT value FROM json_each(?))';

/** The agency and system a repository's rows come from. */
export interface ProvenanceSource {
  readonly sourceAgency: string;
  readonly sourceSystem: string;
}

/**
 * A repository method running one batched statement over the USCCs it is given. Each row's
 * `as_of` column (selected `AS asOf`) becomes its provenance.
 */
export function batchQuery<T extends { provenance: Provenance }>(
  statement: Database.Statement,
  source: ProvenanceSource,
): (usccs: readonly string[]) => Promise<T[]> {
  return async (usccs) => withProvenance<T>(statement.all(JSON.stringify(usccs)) as { asOf: string }[], source);
}

export function withProvenance<T extends { provenance: Provenance }>(
  rows: readonly { asOf: string }[],
  source: ProvenanceSource,
): T[] {
  return rows.map(({ asOf, ...rest }) => ({ ...rest, provenance: { ...source, asOf: new Date(asOf) } }) as unknown as T);
}

/** Groups rows by a key, keeping `keys`' order; keys with no rows get an empty list. */
export function groupByKey<T>(keys: readonly string[], rows: readonly T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const key of keys) groups.set(key, []);
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

/** Picks one row per key, keeping `keys`' order; an unknown key yields null. */
export function indexByKey<T>(keys: readonly string[], rows: readonly T[], keyOf: (row: T) => string): (T | null)[] {
  const byKey = new Map<string, T>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return keys.map((key) => byKey.get(key) ?? null);
}
