import { EXAMPLE_HEADERS, EXAMPLE_USCC, EXAMPLE_VARIABLES, headersToSend } from '../../../../gateway/http/ide/example';
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

describe('headersToSend', () => {
  it('drops empty headers and an Authorization with no token, and keeps the rest trimmed', () => {
    expect(headersToSend({ Authorization: 'Bearer ', 'X-Purpose': '', 'content-type': 'application/json' })).toEqual({ 'content-type': 'application/json' });
    expect(headersToSend({ authorization: '  bearer  ', 'X-Purpose': ' COMPLAINT_HANDLING ' })).toEqual({ 'X-Purpose': 'COMPLAINT_HANDLING' });
    expect(headersToSend({ Authorization: 'Bearer abc.def.ghi' })).toEqual({ Authorization: 'Bearer abc.def.ghi' });
  });

  it('sends a malformed value as typed, so the gateway can say what is wrong with it', () => {
    expect(headersToSend({ Authorization: 'Basic xyz' })).toEqual({ Authorization: 'Basic xyz' });
  });

  it('ignores values that are not strings (the header editor is free JSON)', () => {
    expect(headersToSend({ 'X-Count': 3, 'X-Flag': null, 'X-Ok': 'yes' })).toEqual({ 'X-Ok': 'yes' });
  });
});
