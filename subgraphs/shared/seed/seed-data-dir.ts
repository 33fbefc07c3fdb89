import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteDatabase } from '../storage/sqlite-database';
import type { AgencyDefinition } from '../agency';
import { Random } from './random';
import type { SeedInstitution } from './seed-institution';
import { generateInstitutions } from './seed-institutions';

export interface SeedOptions {
  readonly dataDir: string;
  readonly institutions: number;
  readonly seed: number;
}

export interface SeedManifest {
  readonly institutions: number;
  readonly seed: number;
  readonly seededAt: string;
}

export const MANIFEST_FILE = 'seed.json';

export function agencyDatabaseFile(dataDir: string, agency: string): string {
  return join(dataDir, `${agency}.sqlite`);
}

export function readSeedManifest(dataDir: string): SeedManifest | null {
  const file = join(dataDir, MANIFEST_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SeedManifest) : null;
}

/**
 * Writes one agency's seeded database to `target`. The file is built under a temporary name
 * and renamed into place: an interrupted seed leaves the old file or none, never half of one.
 */
export function seedAgencyFile(agency: AgencyDefinition<object, unknown>, institutions: readonly SeedInstitution[], seed: number, target: string): void {
  const temporary = `${target}.seeding`;
  for (const file of [temporary, `${temporary}-wal`, `${temporary}-shm`]) rmSync(file, { force: true });
  const db = openSqliteDatabase(temporary, agency.migrations);
  try {
    db.transaction(() => agency.seed(db, institutions, new Random(`${seed}:${agency.name}`)))();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('ANALYZE');
  } finally {
    db.close();
  }
  for (const file of [`${target}-wal`, `${target}-shm`]) rmSync(file, { force: true });
  renameSync(temporary, target);
}

/**
 * Writes one database per agency for the same institutions, and the manifest last: an
 * interrupted seed leaves no manifest, so `npm start` seeds again.
 */
export function seedDataDir(agencies: readonly AgencyDefinition<object, unknown>[], options: SeedOptions): SeedManifest {
  mkdirSync(options.dataDir, { recursive: true });
  rmSync(join(options.dataDir, MANIFEST_FILE), { force: true });
  const institutions = generateInstitutions(options.institutions, options.seed);
  for (const agency of agencies) seedAgencyFile(agency, institutions, options.seed, agencyDatabaseFile(options.dataDir, agency.name));
  const manifest: SeedManifest = { institutions: options.institutions, seed: options.seed, seededAt: new Date().toISOString() };
  writeFileSync(join(options.dataDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
