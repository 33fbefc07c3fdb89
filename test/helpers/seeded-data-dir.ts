import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENCIES } from '../../subgraphs/agencies';
import { seedDataDir } from '../../subgraphs/shared/seed/seed-data-dir';
import { generateInstitutions } from '../../subgraphs/shared/seed/seed-institutions';
import type { SeedInstitution } from '../../subgraphs/shared/seed/seed-institution';

export interface SeededDataDir {
  readonly dataDir: string;
  readonly institutions: readonly SeedInstitution[];
  remove(): void;
}

/** A fresh data directory seeded for all five agencies, as `npm run seed` would make it. */
export function seededDataDir(institutions: number, seed: number): SeededDataDir {
  const dataDir = mkdtempSync(join(tmpdir(), 'edu-gw-'));
  seedDataDir(AGENCIES, { dataDir, institutions, seed });
  return {
    dataDir,
    institutions: generateInstitutions(institutions, seed),
    remove: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
