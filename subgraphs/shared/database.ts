import type Database from 'better-sqlite3';
import type { Provenance } from './types/provenance.type';

/**
 * The storage contract every agency programs against, the same on SQLite (embedded, the default)
 * and PostgreSQL (`DATABASE_URL`). Statements are written once, in the SQL both understand, with
 * named parameters (`@name`); the few constructs the two spell differently come from
 * `db.sql` (see SqlFragments). Every statement is async, so a server round trip fits.
 */
export type SqlDialect = 'sqlite' | 'postgres';

/** What a parameter may be: lists travel as one parameter (a JSON array in SQLite, an array in PostgreSQL). */
export type SqlValue = string | number | boolean | null | readonly string[] | readonly number[];
export type SqlParams = Readonly<Record<string, SqlValue | undefined>>;

/** One statement, prepared once and run many times with named parameters. */
export interface SqlStatement<R = Record<string, unknown>> {
  all(params?: SqlParams): Promise<R[]>;
  get(params?: SqlParams): Promise<R | undefined>;
  /** Runs a write; resolves to the number of rows it changed. */
  run(params?: SqlParams): Promise<number>;
}

export interface AgencyDatabase {
  readonly dialect: SqlDialect;
  readonly sql: SqlFragments;
  prepare<R = Record<string, unknown>>(text: string): SqlStatement<R>;
  /**
   * Runs `work` as one transaction: every statement of this database that runs inside it (however
   * deep in its awaits) is part of it; committed when it resolves, rolled back when it throws.
   * One transaction at a time per process. On PostgreSQL it is SERIALIZABLE, and a serialization
   * failure re-runs `work` from the start, so `work` must do nothing but statements.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The SQL the two dialects spell differently, as fragments. Column names and expressions are
 * the caller's SQL; `param` is a parameter's name without the `@`.
 */
export interface SqlFragments {
  readonly dialect: SqlDialect;
  /** `column` is one of the values of the list parameter. */
  inList(column: string, param: string): string;
  /** The text `haystack` contains the parameter's text (case-sensitive, no wildcards). */
  contains(haystack: string, param: string): string;
  /** A JSON object, as text, from [name, SQL expression] pairs. */
  jsonObject(pairs: readonly (readonly [string, string])[]): string;
  /** A column holding JSON text, as JSON inside jsonObject (not as a string). */
  json(column: string): string;
  /** A top-level field of a column holding a JSON object, as text. */
  jsonText(column: string, field: string): string;
  /** The larger of two numbers. */
  greatest(a: string, b: string): string;
  /** A number rounded to two decimals, half away from zero, still a double. */
  round2(expression: string): string;
  /** Whatever has no common spelling at all (a trigger, a pattern check): one text per dialect. */
  pick(texts: Readonly<Record<SqlDialect, string>>): string;
}

/**
 * One schema change, applied once and recorded in `schema_migrations`. `sql` is written once for
 * both dialects (see `subgraphs/shared/storage/portable-ddl.ts` for the rules), either as plain
 * text or, where a line differs, as a function of the dialect's fragments.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string | ((sql: SqlFragments) => string);
}

/** better-sqlite3's handle: the seeds write their embedded staging files synchronously through it. */
export type SqliteDatabase = Database.Database;

/** The agency and system a repository's rows come from. */
export interface ProvenanceSource {
  readonly sourceAgency: string;
  readonly sourceSystem: string;
}

/** The WHERE condition of every batched statement over institutions: `uscc` in `@usccs`. */
export function usccInBatch(db: AgencyDatabase, column = 'uscc'): string {
  return db.sql.inList(column, 'usccs');
}

/**
 * A repository method running one batched statement over the USCCs it is given (`@usccs`). Each
 * row's `as_of` column (selected `AS "asOf"`) becomes its provenance.
 */
export function batchQuery<T extends { provenance: Provenance }>(
  statement: SqlStatement<{ asOf: string }>,
  source: ProvenanceSource,
): (usccs: readonly string[]) => Promise<T[]> {
  return async (usccs) => withProvenance<T>(await statement.all({ usccs }), source);
}

/**
 * Each row without its `asOf`, with `provenance` last. The copy is a function compiled once per
 * column list (the rows of one statement share their columns, so the first row's stand for all), because destructuring `{ asOf, ...rest }` goes
 * through V8's generic property copy: several microseconds a row, and rows are most of a
 * subgraph's per-request allocations.
 */
export function withProvenance<T extends { provenance: Provenance }>(
  rows: readonly { asOf: string }[],
  source: ProvenanceSource,
): T[] {
  if (rows.length === 0) return [];
  const copy = rowCopier(rows[0]!);
  const result = new Array<T>(rows.length);
  for (let i = 0; i < rows.length; i += 1) result[i] = copy(rows[i]!, source) as T;
  return result;
}

type RowCopier = (row: { asOf: string }, source: ProvenanceSource) => object;
const rowCopiers = new Map<string, RowCopier>();

function rowCopier(sample: object): RowCopier {
  const columns = Object.keys(sample);
  const signature = columns.join('\u0000');
  let copy = rowCopiers.get(signature);
  if (copy) return copy;
  const kept = columns.filter((column) => column !== 'asOf');
  if (kept.includes('__proto__') || kept.includes('provenance')) {
    // Not a statement of ours; no literal could spell it safely.
    copy = ({ asOf, ...rest }, src) => ({ ...rest, provenance: { ...src, asOf: new Date(asOf) } });
  } else {
    // Column names become quoted keys (JSON.stringify), never code.
    const fields = kept.map((column) => `${JSON.stringify(column)}: row[${JSON.stringify(column)}], `).join('');
    copy = new Function('row', 'source',
      `return { ${fields}provenance: { ...source, asOf: new Date(row.asOf) } };`) as RowCopier;
  }
  rowCopiers.set(signature, copy);
  return copy;
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
