import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { ConfigError, parsePositiveInt, runMain } from '../common/config-error';
import { AGENCIES } from '../subgraphs/agencies';
import { seedDataDir } from '../subgraphs/shared/seed/seed-data-dir';
import { seedPostgres } from '../subgraphs/shared/seed/seed-postgres';
import { parseAgencyDatabasesUrl } from '../subgraphs/shared/storage/agency-database-url';
import { redactDatabaseUrl } from '../common/postgres/database-url';
import { DEFAULT_DATA_DIR, DEFAULT_INSTITUTIONS, DEFAULT_SEED } from '../subgraphs/shared/seed/defaults';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

runMain(async () => {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      options: { institutions: { type: 'string' }, seed: { type: 'string' }, 'data-dir': { type: 'string' }, 'database-url': { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    throw new ConfigError('arguments', '--institutions N --seed S [--data-dir DIR | --database-url URL]', (error as Error).message);
  }
  const institutions = parsePositiveInt('--institutions', values.institutions, DEFAULT_INSTITUTIONS, 1_000_000);
  const seed = parsePositiveInt('--seed', values.seed, DEFAULT_SEED, 0xffffffff);
  const databaseUrl = values['database-url'] !== undefined
    ? parseAgencyDatabasesUrl('--database-url', values['database-url'])
    : parseAgencyDatabasesUrl('AGENCY_DATABASE_URL', process.env.AGENCY_DATABASE_URL);
  const started = Date.now();
  let into: string;
  if (databaseUrl) {
    await seedPostgres(AGENCIES, { databaseUrl, institutions, seed });
    into = redactDatabaseUrl(databaseUrl);
  } else {
    into = resolve(values['data-dir'] ?? process.env.DATA_DIR ?? DEFAULT_DATA_DIR);
    seedDataDir(AGENCIES, { dataDir: into, institutions, seed });
  }
  process.stdout.write(`seeded ${institutions} institutions (seed ${seed}) for ${AGENCIES.length} agencies into ${into} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
});
