import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT } from '../../../common/project-root';
import { AGENCIES } from '../../../subgraphs/agencies';
import { agencyDatabaseFile, seedDataDir } from '../../../subgraphs/shared/seed/seed-data-dir';
import { postgresSeeded, seedPostgres } from '../../../subgraphs/shared/seed/seed-postgres';
import { agencyDatabaseUrl } from '../../../subgraphs/shared/storage/agency-database-url';
import { openSqliteDatabase } from '../../../subgraphs/shared/storage/sqlite-database';
import { applyPostgresMigrations } from '../../../subgraphs/shared/storage/postgres-database';
import { createPgPool } from '../../../common/postgres/pg-pool';
import { generateFactSealKeyFile } from '../../../subgraphs/shared/credit-facts/fact-seal';
import { createTestDatabase, describePostgres, TEST_DATABASE_URL } from '../../helpers/postgres';

const INSTITUTIONS = 150;
const SEED = 31;

/** Rows of every table but the bookkeeping ones, each row as JSON, sorted: the same text from either backend. */
async function contents(tables: readonly string[], all: (text: string) => Promise<Record<string, unknown>[]>): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of tables) out[table] = (await all(`SELECT * FROM "${table}"`)).map((row) => JSON.stringify(row)).sort();
  return out;
}

function sqliteTables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name").all() as { name: string }[])
    .map((t) => t.name);
}

function runScript(script: string, args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [join(PROJECT_ROOT, 'dist', script), ...args], {
    env: { ...process.env, APOLLO_TELEMETRY_DISABLED: 'true', LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 60_000,
  });
}

describePostgres('the agency stores on PostgreSQL', () => {
  const prefix = `seedtest_${process.pid}_${Date.now().toString(36)}`;
  const url = (() => {
    const u = new URL(TEST_DATABASE_URL!);
    u.pathname = `/${prefix}_{agency}`;
    return u.toString().replace(encodeURIComponent('{agency}'), '{agency}');
  })();
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'edu-gw-pgseed-'));
    seedDataDir(AGENCIES, { dataDir, institutions: INSTITUTIONS, seed: SEED });
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL! });
    await admin.connect();
    try {
      for (const agency of AGENCIES) await admin.query(`DROP DATABASE IF EXISTS "${prefix}_${agency.name}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  });

  it('seeds the five databases with exactly the rows the SQLite seed writes, and knows it has', async () => {
    expect(await postgresSeeded(AGENCIES, url)).toBe(false);
    const manifest = await seedPostgres(AGENCIES, { databaseUrl: url, institutions: INSTITUTIONS, seed: SEED });
    expect(manifest).toMatchObject({ institutions: INSTITUTIONS, seed: SEED });
    expect(await postgresSeeded(AGENCIES, url)).toBe(true);
    for (const agency of AGENCIES) {
      const file = new Database(agencyDatabaseFile(dataDir, agency.name), { readonly: true });
      const pool = createPgPool({ url: agencyDatabaseUrl(url, agency.name), applicationName: 'seed test', max: 1 });
      try {
        const tables = sqliteTables(file);
        const fromSqlite = await contents(tables, async (text) => file.prepare(text).all() as Record<string, unknown>[]);
        const fromPostgres = await contents(tables, async (text) => (await pool.query(text)).rows);
        expect(Object.values(fromSqlite).flat().length).toBeGreaterThan(100);
        for (const table of tables) expect({ agency: agency.name, table, rows: fromPostgres[table] }).toEqual({ agency: agency.name, table, rows: fromSqlite[table] });
      } finally {
        file.close();
        await pool.end();
      }
    }
  }, 120_000);

  it('migrates to the same tables and columns on both backends (names, order, NOT NULL, primary keys)', async () => {
    for (const agency of AGENCIES) {
      const sqlite = openSqliteDatabase(':memory:', agency.migrations);
      const database = await createTestDatabase();
      const pool = createPgPool({ url: database.url, applicationName: 'drift test', max: 1 });
      try {
        await applyPostgresMigrations(pool, agency.migrations);
        // A second start finds every version applied and runs no DDL.
        await applyPostgresMigrations(pool, agency.migrations);
        const fromSqlite: Record<string, unknown[]> = {};
        for (const table of [...sqliteTables(sqlite), 'schema_migrations']) {
          fromSqlite[table] = (sqlite.prepare(`SELECT name, "notnull" AS nn, pk FROM pragma_table_info(?) ORDER BY cid`).all(table) as { name: string; nn: number; pk: number }[])
            .map((c) => ({ name: c.name, notNull: c.nn === 1 || c.pk > 0, pk: c.pk > 0 }));
        }
        const columns = (await pool.query<{ table: string; name: string; notNull: boolean; pk: boolean }>(
          `SELECT c.table_name AS table, c.column_name AS name, c.is_nullable = 'NO' AS "notNull",
                  EXISTS (SELECT 1 FROM information_schema.key_column_usage k JOIN information_schema.table_constraints t
                            ON t.constraint_name = k.constraint_name AND t.table_name = k.table_name AND t.constraint_type = 'PRIMARY KEY'
                          WHERE k.table_name = c.table_name AND k.column_name = c.column_name) AS pk
           FROM information_schema.columns c WHERE c.table_schema = 'public' ORDER BY c.table_name, c.ordinal_position`,
        )).rows;
        const fromPostgres: Record<string, unknown[]> = {};
        for (const { table, ...column } of columns) (fromPostgres[table] ??= []).push(column);
        expect({ agency: agency.name, tables: fromPostgres }).toEqual({ agency: agency.name, tables: fromSqlite });
        const versions = (await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
        expect(versions).toEqual(agency.migrations.map((m) => m.version).sort((a, b) => a - b));
      } finally {
        sqlite.close();
        await pool.end();
        await database.drop();
      }
    }
  }, 120_000);

  it('stops a subgraph whose database cannot be reached with one line naming the store, and no stack', () => {
    const unreachable = new URL(TEST_DATABASE_URL!);
    unreachable.port = '1';
    unreachable.password = 'hunter2';
    const keyFile = join(dataDir, 'credit-facts.json');
    writeFileSync(keyFile, generateFactSealKeyFile('test'));
    const run = runScript('subgraphs/main.js', ['market'], {
      DATABASE_URL: unreachable.toString(), GATEWAY_PROOF_KEY: 'ab'.repeat(32), CREDIT_FACTS_KEY_FILE: keyFile, PORT: '0',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/ERR_AGENCY_STORE_UNAVAILABLE: the market store at postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/postgres cannot be opened/);
    expect(run.stderr).not.toContain('hunter2');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a seed URL without {agency}, naming the option, the form and the value', () => {
    const run = runScript('scripts/seed.js', ['--database-url', 'postgresql://postgres@127.0.0.1:1/edu'], {});
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/ERR_CONFIG_INVALID: --database-url must be a URL with \{agency\} where each agency's database name goes, e.g. postgresql:\/\/user@host:5432\/edu_\{agency\}, instead got "postgresql:\/\/postgres@127.0.0.1:1\/edu"/);
  });
});
