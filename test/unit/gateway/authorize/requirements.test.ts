import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { parse } from 'graphql';

import { filterOperation } from '../../../../gateway/authorize/filter-operation';
import {
  dnfAnd,
  extractRequirements,
  requirementSatisfied,
} from '../../../../gateway/authorize/requirements';
import { ANONYMOUS, SUPERGRAPH, caller, loadApiSchema } from './fixture';

const REQUIRES_SCOPES_LINK = '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)';
const AUTHENTICATED_LINK = '@link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)';

function replaceOnce(sdl: string, from: string, to: string): string {
  if (!sdl.includes(from)) throw new Error(`fixture text not found: ${from}`);
  return sdl.replace(from, to);
}

/** The composed supergraph with @requiresScopes imported under another name, by editing its text. */
function renamedScopesSupergraph(): string {
  let sdl = replaceOnce(
    SUPERGRAPH,
    REQUIRES_SCOPES_LINK,
    '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY, import: [{ name: "@requiresScopes", as: "@scopes" }])',
  );
  // Renames every application and the definition (`directive @requiresScopes(` included).
  sdl = sdl.split('@requiresScopes(').join('@scopes(');
  if (!sdl.includes('directive @scopes(')) throw new Error('definition not renamed');
  return sdl;
}

describe('extractRequirements', () => {
  const { requirements, executableSdl } = extractRequirements(SUPERGRAPH);

  it('collects field and type requirements, resolving default directive names through @link', () => {
    expect(requirements.fields.get('Institution.licence')).toEqual({ authenticated: false, scopes: [['licence:read']], policies: null });
    expect(requirements.fields.get('Institution.taxNumber')?.scopes).toEqual([['admin'], ['finance:read', 'pii:read']]);
    expect(requirements.fields.get('Query.me')).toEqual({ authenticated: true, scopes: null, policies: null });
    expect(requirements.fields.get('Institution.inspector')?.authenticated).toBe(true);
    expect(requirements.types.get('Inspector')?.scopes).toEqual([['staff:read']]);
    // Composition 2.14 propagates implementation requirements onto the interface.
    expect(requirements.types.get('Node')?.scopes).toEqual([['staff:read']]);
    expect(requirements.fields.get('Node.label')?.scopes).toEqual([['pii:read']]);
    expect(requirements.fields.has('Institution.name')).toBe(false);
    expect([...requirements.scopes].sort()).toEqual(
      ['accreditation:read', 'admin', 'audit:read', 'finance:read', 'licence:read', 'pii:read', 'staff:read'].sort(),
    );
    expect(requirements.possibleTypes.get('SearchResult')).toEqual(['Institution', 'Inspector', 'Programme']);
    expect(requirements.returnTypes.get('Institution.programmes')).toBe('Programme');
  });

  it('hands @apollo/gateway a supergraph it loads, which the original is not', async () => {
    await expect(new ApolloGateway({ supergraphSdl: SUPERGRAPH }).load()).rejects.toThrow(
      /authenticated\/v0\.1 is for: SECURITY but is unsupported/,
    );
    expect(executableSdl).not.toMatch(/requiresScopes|authenticated|for: SECURITY/);
    const schema = await loadApiSchema(executableSdl);
    expect(schema.getType('Institution')).toBeDefined();
    expect(schema.getType('requiresScopes__Scope')).toBeUndefined();
    expect(schema.getDirective('requiresScopes')).toBeUndefined();
  });

  it('ANDs several applications on one element (DNF conjunction)', () => {
    const sdl = replaceOnce(
      SUPERGRAPH,
      '@requiresScopes(scopes: [["licence:read"]])',
      '@requiresScopes(scopes: [["licence:read"]]) @requiresScopes(scopes: [["a"], ["b"]]) @authenticated',
    );
    expect(extractRequirements(sdl).requirements.fields.get('Institution.licence')).toEqual({
      authenticated: true,
      scopes: [['a', 'licence:read'], ['b', 'licence:read']],
      policies: null,
    });
  });

  it('resolves a renamed import ({ name: "@requiresScopes", as: "@scopes" })', async () => {
    const renamed = extractRequirements(renamedScopesSupergraph());
    expect(renamed.requirements.fields).toEqual(requirements.fields);
    expect(renamed.requirements.types).toEqual(requirements.types);
    expect(renamed.executableSdl).not.toMatch(/@scopes|requiresScopes/);
    await expect(loadApiSchema(renamed.executableSdl)).resolves.toBeDefined();
  });

  it('refuses an authorization directive that the links do not explain (GHSA-g8jh-vg5j-4h3f)', () => {
    // Renamed to @scopes, but one application still uses the default name.
    const sdl = replaceOnce(renamedScopesSupergraph(), 'flagged: Int! @scopes(', 'flagged: Int! @requiresScopes(');
    expect(() => extractRequirements(sdl)).toThrow(/@requiresScopes is applied but cannot be attributed/);
    // Applied without any link at all.
    const unlinked = replaceOnce(SUPERGRAPH, REQUIRES_SCOPES_LINK, '');
    expect(() => extractRequirements(unlinked)).toThrow(/cannot be attributed/);
  });

  it('resolves a link renamed with as:', () => {
    let sdl = replaceOnce(SUPERGRAPH, AUTHENTICATED_LINK, AUTHENTICATED_LINK.replace('for:', 'as: "auth", for:'));
    sdl = sdl.split('@authenticated').join('@auth');
    const { requirements: renamed, executableSdl: stripped } = extractRequirements(sdl);
    expect(renamed.fields.get('Query.me')?.authenticated).toBe(true);
    expect(stripped).not.toMatch(/@auth\b/);
  });

  it('refuses unknown versions of the specs and unknown SECURITY features, naming the URL', () => {
    const v02 = replaceOnce(SUPERGRAPH, 'requiresScopes/v0.1', 'requiresScopes/v0.2');
    expect(() => extractRequirements(v02)).toThrow('https://specs.apollo.dev/requiresScopes/v0.2');
    const unknown = replaceOnce(
      SUPERGRAPH,
      AUTHENTICATED_LINK,
      `${AUTHENTICATED_LINK} @link(url: "https://example.org/abac/v1.0", for: SECURITY)`,
    );
    expect(() => extractRequirements(unknown)).toThrow('https://example.org/abac/v1.0');
  });

  it('refuses an unknown EXECUTION feature too, but keeps the features @apollo/gateway implements', async () => {
    const execution = replaceOnce(
      SUPERGRAPH,
      AUTHENTICATED_LINK,
      `${AUTHENTICATED_LINK} @link(url: "https://specs.apollo.dev/connect/v0.1", for: EXECUTION)`,
    );
    expect(() => extractRequirements(execution)).toThrow('https://specs.apollo.dev/connect/v0.1 for: EXECUTION');

    const composed = composeServices([
      {
        name: 'catalogue',
        url: 'http://catalogue.invalid/graphql',
        typeDefs: parse(`
          extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@inaccessible", "@requiresScopes"])
          type Query { course: Course, secret: String @inaccessible }
          type Course @key(fields: "id") { id: ID! cost: Int @inaccessible @requiresScopes(scopes: [["a"]]) title: String }
        `),
      },
    ]);
    if (composed.errors) throw composed.errors[0];
    expect(composed.supergraphSdl).toContain('https://specs.apollo.dev/inaccessible/v0.2');
    const extracted = extractRequirements(composed.supergraphSdl);
    // Ours are taken out; inaccessible stays for the library, which builds the API schema without them.
    expect(extracted.executableSdl).toContain('https://specs.apollo.dev/inaccessible/v0.2');
    expect(extracted.executableSdl).not.toContain('requiresScopes');
    expect(extracted.requirements.fields.get('Course.cost')?.scopes).toEqual([['a']]);
    const schema = await loadApiSchema(extracted.executableSdl);
    expect(Object.keys((schema.getType('Course') as import('graphql').GraphQLObjectType).getFields())).toEqual(['id', 'title']);
    expect(schema.getQueryType()!.getFields().secret).toBeUndefined();
  });

  it('lists the guarded scalar and enum types each argument may carry, through nested and cyclic input objects', () => {
    const composed = composeServices([
      {
        name: 'register',
        url: 'http://register.invalid/graphql',
        typeDefs: parse(`
          extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@requiresScopes"])
          type Query { x: Int }
          type Mutation { file(input: FilingInput!, note: String, level: Level): Int }
          input FilingInput { name: String!, parent: FilingInput, detail: Detail }
          input Detail { level: Level, secret: Secret }
          enum Level @requiresScopes(scopes: [["level:set"]]) { LOW HIGH }
          scalar Secret @requiresScopes(scopes: [["secret:use"]])
        `),
      },
    ]);
    if (composed.errors) throw composed.errors[0];
    const { argumentTypes } = extractRequirements(composed.supergraphSdl).requirements;
    expect(Object.fromEntries(argumentTypes.get('Mutation.file')!)).toEqual({ input: ['Level', 'Secret'], level: ['Level'] });
  });

  it('refuses a directive at a location it cannot enforce', () => {
    const sdl = replaceOnce(SUPERGRAPH, 'institution(id: ID!)', 'institution(id: ID! @authenticated)');
    expect(() => extractRequirements(sdl)).toThrow(/location this gateway cannot enforce/);
  });

  it('reads @policy (policy/v0.1, federation 2.6) and filters on it, failing closed', async () => {
    const composed = composeServices([
      {
        name: 'reports',
        url: 'http://reports.invalid/graphql',
        typeDefs: parse(`
          extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@policy"])
          type Query { report: Report }
          type Report { title: String  body: String @policy(policies: [["purpose:audit", "kind:ministry"], ["role:admin"]]) }
        `),
      },
    ]);
    if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
    const { requirements: policyRequirements, executableSdl: policySdl } = extractRequirements(composed.supergraphSdl);
    expect(policyRequirements.fields.get('Report.body')?.policies).toEqual([['kind:ministry', 'purpose:audit'], ['role:admin']]);
    expect([...policyRequirements.policies].sort()).toEqual(['kind:ministry', 'purpose:audit', 'role:admin']);
    const schema = await loadApiSchema(policySdl);
    const document = parse('{ report { title body } }');
    const run = (policies?: string[]) => filterOperation(schema, policyRequirements, document, null, caller([], true, policies)).denied.length;
    expect(run()).toBe(1);
    expect(run(['purpose:audit'])).toBe(1);
    expect(run(['purpose:audit', 'kind:ministry'])).toBe(0);
    expect(run(['role:admin'])).toBe(0);
  });

  it('returns the SDL untouched when no authorization spec is linked', () => {
    const plain = 'schema @link(url: "https://specs.apollo.dev/link/v1.0") { query: Query } type Query { a: String }';
    expect(extractRequirements(plain).executableSdl).toBe(plain);
  });
});

describe('DNF helpers', () => {
  it('computes the conjunction like composition (product, union, subsumption)', () => {
    expect(dnfAnd([['A1', 'A2'], ['A3']], [['B1'], ['B2']])).toEqual([
      ['A1', 'A2', 'B1'],
      ['A1', 'A2', 'B2'],
      ['A3', 'B1'],
      ['A3', 'B2'],
    ]);
    expect(dnfAnd([['read:profile', 'read:users'], ['read:admin']], [['read:admin']])).toEqual([['read:admin']]);
    expect(dnfAnd([['A1', 'A2']], [['A1']])).toEqual([['A1', 'A2']]);
    expect(dnfAnd(null, [['x']])).toEqual([['x']]);
    expect(dnfAnd([], [['x']])).toEqual([['x']]);
  });

  it('evaluates OR of ANDs; [] and [[]] are always satisfied (documented foot-gun)', () => {
    const req = { authenticated: false, scopes: [['a', 'b'], ['c']], policies: null };
    expect(requirementSatisfied(req, caller(['a']))).toBe(false);
    expect(requirementSatisfied(req, caller(['a', 'b']))).toBe(true);
    expect(requirementSatisfied(req, caller(['c']))).toBe(true);
    expect(requirementSatisfied({ authenticated: false, scopes: [], policies: null }, ANONYMOUS)).toBe(true);
    expect(requirementSatisfied({ authenticated: false, scopes: [[]], policies: null }, ANONYMOUS)).toBe(true);
    expect(requirementSatisfied({ authenticated: true, scopes: null, policies: null }, ANONYMOUS)).toBe(false);
  });

  it('fails policies closed unless the caller holds them', () => {
    const req = { authenticated: false, scopes: null, policies: [['kind:ministry']] };
    expect(requirementSatisfied(req, caller([]))).toBe(false);
    expect(requirementSatisfied(req, caller([], true, ['other']))).toBe(false);
    expect(requirementSatisfied(req, caller([], true, ['kind:ministry']))).toBe(true);
  });
});
