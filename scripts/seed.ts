import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { ConfigError, parsePositiveInt, runMain } from '../common/config-error';
import { AGENCIES } from '../subgraphs/agencies';
import { seedDataDir } from '../subgraphs/shared/seed/seed-data-dir';
import { DEFAULT_DATA_DIR, DEFAULT_INSTITUTIONS, DEFAULT_SEED } from '../subgraphs/shared/seed/defaults';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

runMain(async () => {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      options: { institutions: { type: 'string' }, seed: { type: 'string' }, 'data-dir': { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    throw new ConfigError('arguments', '--institutions N --seed S [--data-dir DIR]', (error as Error).message);
  }
  const institutions = parsePositiveInt('--institutions', values.institutions, DEFAULT_INSTITUTIONS, 1_000_000);
  const seed = parsePositiveInt('--seed', values.seed, DEFAULT_SEED, 0xffffffff);
  const dataDir = resolve(values['data-dir'] ?? process.env.DATA_DIR ?? DEFAULT_DATA_DIR);
  const started = Date.now();
  seedDataDir(AGENCIES, { dataDir, institutions, seed });
  process.stdout.write(`seeded ${institutions} institutions (seed ${seed}) for ${AGENCIES.length} agencies into ${dataDir} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
});
