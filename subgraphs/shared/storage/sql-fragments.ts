import type { SqlDialect, SqlFragments } from '../database';

const quote = (name: string) => `'${name.replaceAll("'", "''")}'`;

/** SQLite: lists arrive as one JSON array parameter, walked with json_each. */
export const SQLITE_FRAGMENTS: SqlFragments = Object.freeze<SqlFragments>({
  dialect: 'sqlite',
  inList: (column, param) => `${column} IN (SELECT value FROM json_each(@${param}))`,
  contains: (haystack, param) => `instr(${haystack}, @${param}) > 0`,
  jsonObject: (pairs) => `json_object(${pairs.map(([name, expression]) => `${quote(name)}, ${expression}`).join(', ')})`,
  json: (column) => `json(${column})`,
  jsonText: (column, field) => `json_extract(${column}, ${quote(`$.${field}`)})`,
  greatest: (a, b) => `MAX(${a}, ${b})`,
  round2: (expression) => `ROUND(${expression}, 2)`,
  pick: (texts) => texts.sqlite,
});

/**
 * PostgreSQL: lists arrive as an array parameter. Types are spelled in lower case here, so that
 * the portable DDL's column-type words (TEXT, INTEGER, REAL) never match them.
 */
export const POSTGRES_FRAGMENTS: SqlFragments = Object.freeze<SqlFragments>({
  dialect: 'postgres',
  inList: (column, param) => `${column} = ANY(@${param})`,
  contains: (haystack, param) => `strpos(${haystack}, @${param}) > 0`,
  jsonObject: (pairs) => `CAST(json_build_object(${pairs.map(([name, expression]) => `${quote(name)}, ${expression}`).join(', ')}) AS text)`,
  json: (column) => `CAST(${column} AS json)`,
  jsonText: (column, field) => `(CAST(${column} AS json) ->> ${quote(field)})`,
  greatest: (a, b) => `GREATEST(${a}, ${b})`,
  // round(double precision) rounds half to even; numeric rounds half away from zero, as SQLite does.
  round2: (expression) => `CAST(ROUND(CAST(${expression} AS numeric), 2) AS double precision)`,
  pick: (texts) => texts.postgres,
});

export function fragmentsFor(dialect: SqlDialect): SqlFragments {
  return dialect === 'sqlite' ? SQLITE_FRAGMENTS : POSTGRES_FRAGMENTS;
}
