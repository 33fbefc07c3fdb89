import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { AGENCIES } from '../../subgraphs/agencies';
import type { AgencyName } from '../../subgraphs/shared/agency';
import type { AgencyDatabase } from '../../subgraphs/shared/database';
import { agencyByName } from '../../subgraphs/agencies';
import { loadIntoPostgres } from '../../subgraphs/shared/seed/seed-postgres';
import { agencyDatabaseFile } from '../../subgraphs/shared/seed/seed-data-dir';
import { AGENCY_PLACEHOLDER, agencyDatabaseUrl } from '../../subgraphs/shared/storage/agency-database-url';
import { openAgencyStore, type AgencyStore } from '../../subgraphs/shared/storage/open-agency-store';
import { describePostgres, TEST_DATABASE_URL } from './postgres';

export type Backend = 'sqlite' | 'postgres';
export const BACKENDS: readonly Backend[] = ['sqlite', 'postgres'];

/**
 * Declares a suite once per storage backend: on SQLite always, on PostgreSQL when
 * TEST_DATABASE_URL names a server (skipped, and said so by jest, otherwise).
 */
export function describeBackends(name: string, suite: (backend: Backend) => void): void {
  for (const backend of BACKENDS) (backend === 'postgres' ? describePostgres : describe)(`${name} [${backend}]`, () => suite(backend));
}

/** Where a test's agency stores are, in the form `buildApp` takes. */
export interface StoreLocation {
  readonly dataDir: string;
  readonly databaseUrl: string | null;
}

/**
 * A test's agency stores on one backend. Tests write their data into SQLite files in `dataDir`
 * (the seed, fixtures); on PostgreSQL `publish` then loads those files into a database per
 * agency with the production seed loader, and the apps run on PostgreSQL. `db` is the storage
 * contract on the store the apps use, for fixtures and checks after that.
 */
export interface TestStores {
  readonly backend: Backend;
  /** The five databases as one URL with `{agency}` (AGENCY_DATABASE_URL, for `startStack`); null on SQLite. */
  readonly agencyDatabaseUrl: string | null;
  location(agency: AgencyName): StoreLocation;
  /** Loads the data directory's files into PostgreSQL (on SQLite there is nothing to do). */
  publish(agencies?: readonly AgencyName[]): Promise<void>;
  db(agency: AgencyName): AgencyDatabase;
  /**
   * Where `text` is stored in the clear in the agency's store: on SQLite the file and its WAL,
   * byte for byte (free pages included); on PostgreSQL every row of every table, as text.
   */
  findInClear(agency: AgencyName, text: string): Promise<string[]>;
  close(): Promise<void>;
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/NAME';
  return parsed.toString().replace('/NAME', `/${name}`);
}

export function testStores(backend: Backend, dataDir: string): TestStores {
  const prefix = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const pattern = backend === 'sqlite' ? null : withDatabaseName(TEST_DATABASE_URL!, `${prefix}_${AGENCY_PLACEHOLDER}`);
  const databaseUrl = (agency: AgencyName): string | null => (pattern ? agencyDatabaseUrl(pattern, agency) : null);
  const published = new Set<AgencyName>();
  const opened = new Map<AgencyName, AgencyStore>();
  return {
    backend,
    agencyDatabaseUrl: pattern,
    location: (agency) => ({ dataDir, databaseUrl: databaseUrl(agency) }),
    async publish(agencies = AGENCIES.map((a) => a.name as AgencyName)) {
      if (backend === 'sqlite') return;
      for (const name of agencies) {
        await loadIntoPostgres(agencyByName(name), agencyDatabaseFile(dataDir, name), databaseUrl(name)!);
        published.add(name);
      }
    },
    db(agency) {
      let store = opened.get(agency);
      if (!store) {
        store = openAgencyStore({ agency: agencyByName(agency), dataDir, databaseUrl: databaseUrl(agency), poolSize: 2, writes: false });
        opened.set(agency, store);
      }
      return store.reader;
    },
    async findInClear(agency, text) {
      if (backend === 'sqlite') {
        const file = agencyDatabaseFile(dataDir, agency);
        return [file, `${file}-wal`].filter((f) => existsSync(f) && readFileSync(f).includes(Buffer.from(text)));
      }
      const db = this.db(agency);
      const tables = await db.prepare<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'").all();
      if (tables.length === 0) throw new Error(`the ${agency} store has no tables`);
      const found: string[] = [];
      for (const { name } of tables) {
        const rows = await db.prepare(`SELECT 1 FROM "${name}" t WHERE strpos(CAST(t AS text), @text) > 0 LIMIT 1`).all({ text });
        if (rows.length > 0) found.push(name);
      }
      return found;
    },
    async close() {
      for (const store of opened.values()) await store.close();
      opened.clear();
      if (backend === 'sqlite' || published.size === 0) return;
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL! });
      await admin.connect();
      try {
        for (const name of published) await admin.query(`DROP DATABASE IF EXISTS ${prefix}_${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
