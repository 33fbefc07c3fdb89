import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteDatabase } from '../database';
import type { AgencyDefinition } from '../agency';
import { Random } from './random';
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
 * Writes one database per agency for the same institutions. Each file is built under a temporary
 * name and renamed into place, and the manifest is written last: an interrupted seed leaves the
 * old data or none, never half of it.
 */
export function seedDataDir(agencies: readonly AgencyDefinition<object, unknown>[], options: SeedOptions): SeedManifest {
  mkdirSync(options.dataDir, { recursive: true });
  rmSync(join(options.dataDir, MANIFEST_FILE), { force: true });
  const institutions = generateInstitutions(options.institutions, options.seed);
  for (const agency of agencies) {
    const target = agencyDatabaseFile(options.dataDir, agency.name);
    const temporary = `${target}.seeding`;
    for (const file of [temporary, `${temporary}-wal`, `${temporary}-shm`]) rmSync(file, { force: true });
    const db = openSqliteDatabase(temporary, agency.migrations);
    try {
      db.transaction(() => agency.seed(db, institutions, new Random(`${options.seed}:${agency.name}`)))();
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.exec('ANALYZE');
    } finally {
      db.close();
    }
    for (const file of [`${target}-wal`, `${target}-shm`]) rmSync(file, { force: true });
    renameSync(temporary, target);
  }
  const manifest: SeedManifest = { institutions: options.institutions, seed: options.seed, seededAt: new Date().toISOString() };
  writeFileSync(join(options.dataDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
