import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * PostgreSQL for tests. `.ci/run` starts a server and sets TEST_DATABASE_URL (locally:
 * `eval "$(bash scripts/test-postgres.sh start)"`); without it the PostgreSQL tests are skipped, and
 * jest's global setup says so in one line.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || null;

/** `describe` when a test server is configured, `describe.skip` otherwise. */
export const describePostgres: jest.Describe = TEST_DATABASE_URL ? describe : describe.skip;

export interface TestDatabase {
  /** The URL of a database of its own, created empty for this test file. */
  readonly url: string;
  /** Runs one statement on it (tampering, inspecting) with its own short-lived connection. */
  sql<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** A fresh database per caller, so parallel jest workers and worktrees never share tables. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(TEST_DATABASE_URL, name);
  return {
    url,
    async sql(text, params) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(text, params)).rows;
      } finally {
        await client.end();
      }
    },
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
