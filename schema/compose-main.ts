import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMain } from '../common/config-error';
import { AGENCIES } from '../subgraphs/agencies';
import { composeAgencies, GENERATED_HEADER } from './compose';
import { SCHEMA_DIR } from './paths';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

runMain(async () => {
  const { supergraphSdl, subgraphSdl } = composeAgencies(AGENCIES);
  mkdirSync(join(SCHEMA_DIR, 'subgraphs'), { recursive: true });
  writeFileSync(join(SCHEMA_DIR, 'supergraph.graphql'), GENERATED_HEADER + supergraphSdl);
  for (const [name, sdl] of Object.entries(subgraphSdl)) {
    writeFileSync(join(SCHEMA_DIR, 'subgraphs', `${name}.graphql`), `${GENERATED_HEADER}${sdl}\n`);
  }
  process.stdout.write(`composed ${AGENCIES.length} subgraphs into schema/supergraph.graphql\n`);
});
