import pg from 'pg';
import { redactDatabaseUrl } from './database-url';

/**
 * Makes sure the database a URL names exists: when connecting says it does not (3D000), it is
 * created through the server's `postgres` database with the same credentials. Used by the seed
 * and by `npm start` for the agency databases; a role without CREATEDB gets a message saying so.
 */
export async function ensureDatabase(url: string): Promise<'existed' | 'created'> {
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    return 'existed';
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: maintenance.toString() });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}" ENCODING 'UTF8' TEMPLATE template0`);
  } catch (error) {
    if ((error as { code?: string }).code === '42P04') return 'existed'; // created meanwhile by another process
    throw new Error(`database ${redactDatabaseUrl(url)} does not exist and could not be created (${(error as Error).message}); create it, or grant CREATEDB`);
  } finally {
    await admin.end().catch(() => undefined);
  }
  return 'created';
}
