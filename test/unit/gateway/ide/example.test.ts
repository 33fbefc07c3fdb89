import { EXAMPLE_HEADERS, EXAMPLE_USCC, EXAMPLE_VARIABLES } from '../../../../gateway/http/ide/example';
import { loadPolicies } from '../../../../policies/load-policies';
import { DEFAULT_INSTITUTIONS, DEFAULT_SEED } from '../../../../subgraphs/shared/seed/defaults';
import { generateInstitutions } from '../../../../subgraphs/shared/seed/seed-institutions';

describe("GraphiQL's example", () => {
  it('asks for an institution that the default seed (npm start) holds', () => {
    const seeded = generateInstitutions(DEFAULT_INSTITUTIONS, DEFAULT_SEED).map((i) => i.uscc);
    expect(seeded).toContain(EXAMPLE_USCC);
    expect(JSON.parse(EXAMPLE_VARIABLES)).toEqual({ uscc: EXAMPLE_USCC });
  });

  it('prefills a token placeholder and a purpose that is in the catalogue', () => {
    const headers = JSON.parse(EXAMPLE_HEADERS) as Record<string, string>;
    expect(headers.Authorization).toBe('Bearer ');
    expect(loadPolicies().purposes.has(headers['X-Purpose']!)).toBe(true);
  });
});
