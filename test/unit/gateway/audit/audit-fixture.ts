import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { chainHashWithBody } from '../../../../gateway/audit/audit-chain';
import type { AuditEntry } from '../../../../gateway/audit/audit-entry';
import type { AuditLocation } from '../../../../gateway/audit/audit-location';
import { AUDIT_ROW_COLUMNS, rowContent, type AuditRow } from '../../../../gateway/audit/audit-row';
import { createAuditSigner, ensureAuditKeys, type AuditKeys } from '../../../../gateway/audit/audit-signer';
import type { AuditStore } from '../../../../gateway/audit/audit-store';
import { headAnchorFile, readHeadAnchor, writeHeadAnchor, type HeadAnchor } from '../../../../gateway/audit/head-anchor';
import { openAuditReader } from '../../../../gateway/audit/open-audit-reader';
import { POSTGRES_AUDIT_ROW_COLUMNS } from '../../../../gateway/audit/postgres-audit-reader';
import { openPostgresAuditStore, type PostgresAuditStoreOptions } from '../../../../gateway/audit/postgres-audit-store';
import { openSqliteAuditStore, type SqliteAuditStore, type SqliteAuditStoreOptions } from '../../../../gateway/audit/sqlite-audit-store';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../../../helpers/postgres';

/** A temporary audit folder with its own key pair; `cleanup` removes it. */
export function auditSandbox(): { dir: string; file: string; keys: AuditKeys; location: AuditLocation; open(options?: SqliteAuditStoreOptions): SqliteAuditStore; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'audit-test-'));
  const keys = ensureAuditKeys(dir);
  const file = join(dir, 'audit.sqlite');
  return {
    dir,
    file,
    keys,
    location: { kind: 'sqlite', file },
    open: (options) => openSqliteAuditStore(file, createAuditSigner(keys.privateJwk), options),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Checks that every record() call's entries are all in the log or none is, as one unbroken run of
 * seqs: `expected(requestId)` is how many entries that call recorded. Returns the request ids seen.
 */
export async function expectWholeCalls(location: AuditLocation, expected: (requestId: string) => number): Promise<string[]> {
  const seqs = new Map<string, number[]>();
  const reader = await openAuditReader(location);
  try {
    for await (const row of reader.rows()) if (row.type !== 'checkpoint') seqs.set(row.request_id, [...(seqs.get(row.request_id) ?? []), Number(row.seq)]);
  } finally {
    await reader.close();
  }
  for (const [requestId, run] of seqs) expect({ requestId, run }).toEqual({ requestId, run: Array.from({ length: expected(requestId) }, (_, i) => (run[0] as number) + i) });
  return [...seqs.keys()];
}

let clock = Date.parse('2025-03-01T08:00:00.000Z');

export function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  clock += 1000;
  return {
    type: 'operation',
    time: new Date(clock).toISOString(),
    requestId: `req-${clock}`,
    consumer: 'moe-portal',
    subject: 'inspector-7',
    purpose: 'licensing',
    usccs: ['91110108MA01ABCD1X'],
    outcome: 'SERVED',
    body: { operationName: 'Institution', fieldsServed: ['Institution.name'], durationMs: 3.5 },
    ...overrides,
  };
}

/** Direct write access to the SQLite file, as someone tampering with it would have. */
export function tamper<T>(file: string, change: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return db.transaction(() => change(db))();
  } finally {
    db.close();
  }
}

/** What someone with write access to the database can do, in either dialect: `?` placeholders. */
export interface Tamperer {
  run(sql: string, ...params: unknown[]): Promise<Record<string, unknown>[]>;
  rows(from: number, until: number): Promise<AuditRow[]>;
}

/** One audit log on one backend, for tests that must hold on SQLite and on PostgreSQL alike. */
export interface AuditBackend {
  readonly name: 'sqlite' | 'postgres';
  readonly location: AuditLocation;
  readonly keys: AuditKeys;
  open(options?: SqliteAuditStoreOptions & PostgresAuditStoreOptions): Promise<AuditStore>;
  /** Runs `change` in one transaction with write access to the log's tables. */
  tamper(change: (db: Tamperer) => Promise<void>): Promise<void>;
  /** Makes the next insert of a record with outcome 'BOOM' fail inside the database. */
  injectFailure(): Promise<void>;
  readAnchor(): Promise<HeadAnchor | null>;
  writeAnchor(anchor: HeadAnchor): Promise<void>;
  removeAnchor(): Promise<void>;
  /** Empties the log (tables and anchor), keeping the keys. */
  reset(): Promise<void>;
  cleanup(): Promise<void>;
}

function sqliteBackend(): AuditBackend {
  const sandbox = auditSandbox();
  const anchorFile = headAnchorFile(sandbox.file);
  return {
    name: 'sqlite',
    location: sandbox.location,
    keys: sandbox.keys,
    open: async (options) => sandbox.open(options),
    async tamper(change) {
      const db = new Database(sandbox.file);
      try {
        db.exec('BEGIN');
        await change({
          run: async (sql, ...params) => {
            const statement = db.prepare(sql);
            return statement.reader ? (statement.all(...params) as Record<string, unknown>[]) : (statement.run(...params), []);
          },
          rows: async (from, until) => db.prepare<[number, number], AuditRow>(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit_log l WHERE l.seq >= ? AND l.seq <= ? ORDER BY l.seq`).all(from, until),
        });
        db.exec('COMMIT');
      } finally {
        if (db.inTransaction) db.exec('ROLLBACK');
        db.close();
      }
    },
    injectFailure: async () => void tamper(sandbox.file, (db) => db.exec("CREATE TRIGGER boom BEFORE INSERT ON audit_log WHEN NEW.outcome = 'BOOM' BEGIN SELECT RAISE(ABORT, 'injected failure'); END")),
    readAnchor: async () => readHeadAnchor(anchorFile),
    writeAnchor: async (anchor) => writeHeadAnchor(anchorFile, anchor),
    removeAnchor: async () => rmSync(anchorFile, { force: true }),
    async reset() {
      for (const suffix of ['', '-wal', '-shm', '.head.json']) rmSync(`${sandbox.file}${suffix}`, { force: true });
    },
    cleanup: async () => sandbox.cleanup(),
  };
}

function numbered(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${(i += 1)}`);
}

async function postgresBackend(): Promise<AuditBackend> {
  const database: TestDatabase = await createTestDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'audit-test-keys-'));
  const keys = ensureAuditKeys(dir);
  const withClient = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: database.url });
    client.setTypeParser(pg.types.builtins.INT8, Number);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    name: 'postgres',
    location: { kind: 'postgres', url: database.url },
    keys,
    open: (options) => openPostgresAuditStore(database.url, createAuditSigner(keys.privateJwk), options),
    tamper: (change) => withClient(async (client) => {
      await client.query('BEGIN');
      try {
        await change({
          run: async (sql, ...params) => (await client.query(numbered(sql), params)).rows,
          rows: async (from, until) => (await client.query<AuditRow>(`SELECT ${POSTGRES_AUDIT_ROW_COLUMNS} FROM audit_log l WHERE l.seq >= $1 AND l.seq <= $2 ORDER BY l.seq`, [from, until])).rows,
        });
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }),
    injectFailure: async () => {
      await database.sql(`CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.outcome = 'BOOM' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`);
      await database.sql('CREATE TRIGGER boom BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION boom()');
    },
    readAnchor: async () => (await database.sql<HeadAnchor>('SELECT seq::float8 AS seq, hash, time, alg, kid, signature FROM audit_head'))[0] ?? null,
    writeAnchor: async (anchor) => {
      await database.sql('UPDATE audit_head SET seq = $1, hash = $2, time = $3, alg = $4, kid = $5, signature = $6', [anchor.seq, anchor.hash, anchor.time, anchor.alg, anchor.kid, anchor.signature]);
    },
    removeAnchor: async () => void (await database.sql('DELETE FROM audit_head')),
    reset: async () => void (await database.sql('DROP TABLE IF EXISTS audit_log, audit_uscc, audit_head, schema_migrations; DROP FUNCTION IF EXISTS boom CASCADE')),
    async cleanup() {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL names a server. */
export const BACKENDS: readonly ('sqlite' | 'postgres')[] = TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export function openBackend(name: 'sqlite' | 'postgres'): Promise<AuditBackend> {
  return name === 'sqlite' ? Promise.resolve(sqliteBackend()) : postgresBackend();
}

/** Recomputes prev_hash/hash from `seq` to `until`: the attacker who knows the (public) hash rule. */
export async function rehashFrom(db: Tamperer, seq: number, until = Number.MAX_SAFE_INTEGER): Promise<void> {
  const rows = await db.rows(seq, until);
  let prevHash = ((await db.run('SELECT hash FROM audit_log WHERE seq = ?', seq - 1))[0]?.hash as string | undefined) ?? '0'.repeat(64);
  for (const row of rows) {
    const hash = chainHashWithBody(prevHash, row.seq, rowContent(row), row.body);
    await db.run('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?', prevHash, hash, row.seq);
    prevHash = hash;
  }
}

/** Moves rows (and their usccs) with seq >= from by `delta`, as renumbering after an insert/delete. */
export async function shiftSeqs(db: Tamperer, from: number, delta: number): Promise<void> {
  for (const table of ['audit_log', 'audit_uscc']) {
    await db.run(`UPDATE ${table} SET seq = -(seq + ?) WHERE seq >= ?`, delta, from);
    await db.run(`UPDATE ${table} SET seq = -seq WHERE seq < 0`);
  }
}
