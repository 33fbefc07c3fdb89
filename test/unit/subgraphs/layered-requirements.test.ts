import { readFileSync } from 'node:fs';
import { getNamedType, isObjectType } from 'graphql';
import { ANONYMOUS, type Principal } from '../../../common/principal';
import { extractRequirements, requirementSatisfied, type AuthorizationRequirements } from '../../../gateway/authorize/requirements';
import { loadPolicies } from '../../../policies/load-policies';
import { SUPERGRAPH_PATH } from '../../../schema/paths';
import { AGENCIES } from '../../../subgraphs/agencies';
import { subgraphRequirements } from '../../../subgraphs/shared/enforce-requirements';

const caller = (scopes: readonly string[]): Principal => ({ authenticated: true, subject: 's', consumer: 'c', scopes: new Set(scopes), purpose: null, expiresAt: null });

/** The gateway's rule (gateway/authorize/filter-operation.ts): the field, its parent type and its return type must all pass. */
function gatewayAllows(supergraph: AuthorizationRequirements, typeName: string, fieldName: string, returnType: string, principal: Principal): boolean {
  return requirementSatisfied(supergraph.fields.get(`${typeName}.${fieldName}`), principal)
    && requirementSatisfied(supergraph.types.get(typeName), principal)
    && requirementSatisfied(supergraph.types.get(returnType), principal);
}

describe('the two layers of authorization agree: every subgraph enforces exactly what the gateway does', () => {
  const supergraph = extractRequirements(readFileSync(SUPERGRAPH_PATH, 'utf8')).requirements;
  const policies = loadPolicies();
  const probes: [string, Principal][] = [
    ['anonymous', ANONYMOUS],
    ['authenticated, no scope', caller([])],
    ...[...supergraph.scopes].map((scope): [string, Principal] => [scope, caller([scope])]),
    ...[...policies.consumers.values()].map((c): [string, Principal] => [`consumer ${c.id}`, caller(c.scopes)]),
    ['every scope', caller([...supergraph.scopes])],
  ];

  it.each(AGENCIES.map((agency) => [agency.name, agency] as const))('for every coordinate %s serves, for every kind of caller', (_name, agency) => {
    const { schema } = agency.buildSchema();
    const enforced = subgraphRequirements(schema, supergraph);
    const differences: string[] = [];
    let coordinates = 0;
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || type.name === '_Service') continue;
      for (const field of Object.values(type.getFields())) {
        if (type.name === 'Query' && (field.name === '_entities' || field.name === '_service')) continue;
        coordinates += 1;
        const coordinate = `${type.name}.${field.name}`;
        for (const [label, principal] of probes) {
          const atGateway = gatewayAllows(supergraph, type.name, field.name, getNamedType(field.type).name, principal);
          const atSubgraph = requirementSatisfied(enforced.get(coordinate), principal);
          if (atGateway !== atSubgraph) differences.push(`${coordinate} for ${label}: gateway ${atGateway ? 'allows' : 'denies'}, subgraph ${atSubgraph ? 'allows' : 'denies'}`);
        }
      }
    }
    expect(coordinates).toBeGreaterThan(10);
    expect(differences).toEqual([]);
  });

  it('includes what composition adds: the CreditRecord interface carries CreditRepairRecord\'s requirement, which the credit SDL alone does not', () => {
    const credit = AGENCIES.find((a) => a.name === 'credit')!;
    const { schema } = credit.buildSchema();
    const withoutSupergraph = subgraphRequirements(schema, { ...supergraph, types: new Map(), fields: new Map() });
    const enforced = subgraphRequirements(schema, supergraph);
    for (const coordinate of ['Institution.creditRecords', 'Query.creditRecord']) {
      expect(requirementSatisfied(withoutSupergraph.get(coordinate), caller(['credit:record:read']))).toBe(true);
      expect(requirementSatisfied(enforced.get(coordinate), caller(['credit:record:read']))).toBe(false);
      expect(requirementSatisfied(enforced.get(coordinate), caller(['credit:repair:read']))).toBe(true);
    }
  });
});
