import { parse, print, type GraphQLSchema } from 'graphql';

import { filterOperation, type Caller } from '../../../../gateway/authorize/filter-operation';
import { mentionedRequirements, relevantScopeKey } from '../../../../gateway/authorize/relevant-scopes';
import { extractRequirements, type AuthorizationRequirements } from '../../../../gateway/authorize/requirements';
import { ANONYMOUS, SUPERGRAPH, caller, loadApiSchema, withoutInterfaceRequirements } from './fixture';

let requirements: AuthorizationRequirements;
let schema: GraphQLSchema;
let handRequirements: AuthorizationRequirements;
let handSchema: GraphQLSchema;

beforeAll(async () => {
  const extracted = extractRequirements(SUPERGRAPH);
  requirements = extracted.requirements;
  schema = await loadApiSchema(extracted.executableSdl);
  const hand = extractRequirements(withoutInterfaceRequirements(SUPERGRAPH));
  handRequirements = hand.requirements;
  handSchema = await loadApiSchema(hand.executableSdl);
});

const key = (query: string, who: Caller): string => relevantScopeKey(requirements, parse(query), who);

describe('relevantScopeKey', () => {
  it('ignores scopes the document cannot be checked against', () => {
    const query = '{ institutions { name licence } }';
    expect(key(query, caller(['licence:read', 'finance:read']))).toBe(key(query, caller(['licence:read', 'unrelated'])));
    expect(key(query, caller(['licence:read']))).toBe('a["licence:read"][]');
    expect(key(query, caller(['licence:read']))).not.toBe(key(query, caller([])));
  });

  it('separates anonymous from authenticated callers', () => {
    expect(key('{ stats { institutions } }', ANONYMOUS)).not.toBe(key('{ stats { institutions } }', caller()));
  });

  it('sees scopes reached through return types, implementations, union members and named fragments', () => {
    const mentioned = (query: string, on = requirements): string[] => [...mentionedRequirements(on, parse(query)).scopes].sort();
    expect(mentioned('{ institutions { inspector { name } } }')).toEqual(['staff:read']);
    expect(mentioned('{ search(term: "x") { __typename } }')).toEqual(['staff:read']);
    expect(mentioned('{ node(id: "1") { label } }', handRequirements)).toEqual(['pii:read', 'staff:read']);
    expect(mentioned('{ institution(id: "1") { ...F } } fragment F on Institution { programmes { fee } }')).toEqual(['finance:read']);
    expect(mentionedRequirements(requirements, parse('{ me { sub } }')).authenticated).toBe(true);
  });

  it('equal keys imply identical filter results', () => {
    const callers: Caller[] = [
      ANONYMOUS,
      caller(),
      caller(['unrelated']),
      caller(['licence:read']),
      caller(['licence:read', 'unrelated']),
      caller(['finance:read']),
      caller(['finance:read', 'pii:read']),
      caller(['admin', 'staff:read']),
      caller(['staff:read', 'pii:read', 'audit:read']),
    ];
    const queries = [
      '{ institutions { name licence taxNumber inspector { name phone } } }',
      '{ search(term: "x") { ... on Inspector { name label } ... on Institution { finances { revenue } } } }',
      '{ node(id: "1") { id label } stats { flagged } }',
      '{ institution(id: "1") { ...F } } fragment F on Institution { programmes { fee title } }',
    ];
    for (const [graphSchema, graphRequirements] of [
      [schema, requirements],
      [handSchema, handRequirements],
    ] as const) {
      for (const query of queries) {
        const document = parse(query);
        const byKey = new Map<string, string>();
        for (const who of callers) {
          const k = relevantScopeKey(graphRequirements, document, who);
          const result = filterOperation(graphSchema, graphRequirements, document, null, who);
          const outcome = JSON.stringify([print(result.document), result.denied, result.empty]);
          if (byKey.has(k)) expect(outcome).toBe(byKey.get(k));
          else byKey.set(k, outcome);
        }
        expect(byKey.size).toBeGreaterThan(1);
      }
    }
  });
});
