import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeAgencies, GENERATED_HEADER } from '../../../schema/compose';
import { SCHEMA_DIR } from '../../../schema/paths';
import { AGENCIES } from '../../../subgraphs/agencies';
import { AGENCY_NAMES } from '../../../subgraphs/shared/agency';

describe('composition', () => {
  const composed = composeAgencies(AGENCIES);

  it('composes all five agency subgraphs without errors', () => {
    expect(AGENCIES.map((a) => a.name)).toEqual([...AGENCY_NAMES]);
    for (const name of AGENCY_NAMES) expect(composed.supergraphSdl).toContain(`@join__graph(name: "${name}"`);
  });

  it('has a committed supergraph identical to a fresh composition (run `npm run compose` when this fails)', () => {
    const committed = readFileSync(join(SCHEMA_DIR, 'supergraph.graphql'), 'utf8');
    expect(committed).toBe(GENERATED_HEADER + composed.supergraphSdl);
  });

  it.each([...AGENCY_NAMES])('has a committed %s subgraph SDL identical to the built one', (name) => {
    const committed = readFileSync(join(SCHEMA_DIR, 'subgraphs', `${name}.graphql`), 'utf8');
    expect(committed).toBe(`${GENERATED_HEADER}${composed.subgraphSdl[name]}\n`);
  });

  it('links Federation 2.5 or later in every subgraph and keys Institution on uscc everywhere', () => {
    for (const name of AGENCY_NAMES) {
      const sdl = composed.subgraphSdl[name] as string;
      const version = /specs\.apollo\.dev\/federation\/v2\.(\d+)/.exec(sdl);
      expect(Number(version?.[1])).toBeGreaterThanOrEqual(5);
      expect(sdl).toMatch(/type Institution @key\(fields: "uscc"\)/);
    }
  });
});
