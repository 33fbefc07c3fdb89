import { readFileSync } from 'node:fs';
import { buildASTSchema, parse, validate } from 'graphql';
import { createHash } from 'node:crypto';
import { prepareSupergraph } from '../../../gateway/supergraph/prepare-supergraph';
import { loadPolicies, parsePolicies } from '../../../policies/load-policies';
import { SUPERGRAPH_PATH } from '../../../schema/paths';

describe('per-consumer limits and registered operations in policies/', () => {
  const policies = loadPolicies();

  it('registers only operations that are valid against the served schema, each under its body\'s SHA-256', () => {
    const schema = buildASTSchema(parse(prepareSupergraph(readFileSync(SUPERGRAPH_PATH, 'utf8')).executableSdl), { assumeValidSDL: true });
    const registered = [...policies.consumers.values()].flatMap((c) => c.persistedOperations.map((o) => ({ consumer: c.id, ...o })));
    expect(registered.length).toBeGreaterThan(0);
    for (const operation of registered) {
      expect({ id: operation.id, errors: validate(schema, parse(operation.body)).map((e) => e.message) }).toEqual({ id: operation.id, errors: [] });
      expect(operation.id).toBe(createHash('sha256').update(operation.body).digest('hex'));
    }
  });

  it('reads limits, manifests and the safelist flag, and refuses a malformed entry naming it', () => {
    expect(policies.consumers.get('public-credit-portal')).toMatchObject({ safelist: true, limits: { maxCost: 5000 } });
    expect(policies.consumers.get('moe-supervision-platform')).toMatchObject({ safelist: false, limits: { maxDepth: 15 } });
    const base = { scopes: {}, publicFields: [], purposes: {} };
    const consumer = (extra: Record<string, unknown>) => ({ c: { scopes: [], purposes: [], ...extra } });
    expect(() => parsePolicies({ ...base, consumers: consumer({ limits: { maxDepht: 3 } }) })).toThrow(/consumers.json 'c'.limits: unknown limit 'maxDepht'. Did you mean 'maxDepth'/);
    expect(() => parsePolicies({ ...base, consumers: consumer({ limits: { maxDepth: 0 } }) })).toThrow(/maxDepth must be an integer from 1 to 100000000, instead got 0/);
    expect(() => parsePolicies({ ...base, consumers: consumer({ safelist: true }) })).toThrow(/safelist is true but the consumer registered no persistedOperations/);
    expect(() => parsePolicies({ ...base, consumers: consumer({ persistedOperations: 'm.json' }), manifests: { 'm.json': { format: 'other', version: 1, operations: [] } } }))
      .toThrow(/policies\/m.json: format must be 'apollo-persisted-query-manifest'/);
    expect(() => parsePolicies({ ...base, consumers: consumer({ persistedOperations: '../secrets.json' }) })).toThrow(/must be a .json path inside policies/);
  });
});
