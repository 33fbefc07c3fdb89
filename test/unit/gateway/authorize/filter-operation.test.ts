import { parse, print, stripIgnoredCharacters, validate, type DocumentNode, type GraphQLSchema } from 'graphql';

import { filterOperation, type Caller, type FilterResult } from '../../../../gateway/authorize/filter-operation';
import { extractRequirements, type AuthorizationRequirements } from '../../../../gateway/authorize/requirements';
import { unauthorizedErrors } from '../../../../gateway/authorize/denial-errors';
import { ANONYMOUS, SUPERGRAPH, caller, loadApiSchema, withQueryDirective, withoutInterfaceRequirements } from './fixture';

interface Graph {
  schema: GraphQLSchema;
  requirements: AuthorizationRequirements;
}

async function graph(sdl: string): Promise<Graph> {
  const { requirements, executableSdl } = extractRequirements(sdl);
  return { schema: await loadApiSchema(executableSdl), requirements };
}

let composed: Graph;
let handWritten: Graph;

beforeAll(async () => {
  composed = await graph(SUPERGRAPH);
  handWritten = await graph(withoutInterfaceRequirements(SUPERGRAPH));
});

/** Filters, and checks every filtered document still validates against the API schema. */
function run(query: string, who: Caller, on: Graph = composed, operationName: string | null = null): FilterResult & { source: DocumentNode } {
  const source = parse(query);
  expect(validate(on.schema, source)).toEqual([]);
  const result = filterOperation(on.schema, on.requirements, source, operationName, who);
  expect(validate(on.schema, result.document)).toEqual([]);
  return { ...result, source };
}

const compact = (doc: DocumentNode): string => stripIgnoredCharacters(print(doc));
const paths = (result: FilterResult): string[][] => unauthorizedErrors(result.denied).map((e) => e.path);

describe('filterOperation', () => {
  it('returns the original document object when nothing is denied', () => {
    const result = run('query A { institutions { name licence } } query B { stats { institutions } }', caller(['licence:read']), composed, 'A');
    expect(result.document).toBe(result.source);
    expect(result.denied).toEqual([]);
    expect(result.empty).toBe(false);
  });

  it('reports field names (not aliases) in the path and response keys in responsePath', () => {
    const result = run('{ list: institutions { n: name lic: licence } }', caller());
    expect(compact(result.document)).toBe('{list:institutions{n:name}}');
    expect(result.denied).toEqual([
      expect.objectContaining({
        kind: 'field',
        path: ['institutions', '@', 'licence'],
        responsePath: ['list', '@', 'lic'],
        nonNull: [true, true, false],
        coordinate: 'Institution.licence',
      }),
    ]);
  });

  it('inlines named fragments (none is left unused) and keeps only the selected operation', () => {
    const result = run(
      `query Mine { institution(id: "1") { ...Core finances { ...Money } } }
       query Other { stats { institutions } }
       fragment Core on Institution { name ...Secret }
       fragment Secret on Institution { licence taxNumber }
       fragment Money on Finances { revenue }`,
      caller(['admin']),
      composed,
      'Mine',
    );
    // Money was only spread under the removed `finances`: inlining means it cannot linger unused.
    expect(compact(result.document)).toBe('query Mine{institution(id:"1"){...on Institution{name ...on Institution{taxNumber}}}}');
    expect(result.document.definitions).toHaveLength(1);
    expect(paths(result)).toEqual([
      // Conditions naming the enclosing type narrow nothing and add no path segment.
      ['institution', 'licence'],
      ['institution', 'finances'],
    ]);
  });

  it('removes variable definitions the filtered operation no longer uses (@include / @skip kept)', () => {
    const result = run(
      `query Q($id: ID!, $withLicence: Boolean!, $noName: Boolean = false) {
         institution(id: $id) { name @skip(if: $noName) licence @include(if: $withLicence) }
       }`,
      caller(),
    );
    expect(compact(result.document)).toBe('query Q($id:ID!$noName:Boolean=false){institution(id:$id){name@skip(if:$noName)}}');
    expect(result.denied[0]).toMatchObject({ path: ['institution', 'licence'], conditions: [{ if: 'withLicence', include: true }] });
  });

  it('walks nested entities and lists ("@" per list level)', () => {
    const result = run('{ institutions { name finances { revenue } programmes { title fee } } }', caller());
    expect(compact(result.document)).toBe('{institutions{name programmes{title}}}');
    expect(paths(result)).toEqual([
      ['institutions', '@', 'finances'],
      ['institutions', '@', 'programmes', '@', 'fee'],
    ]);
    expect(result.denied[1]!.nonNull).toEqual([true, true, true, true, false]);
  });

  it('reports the children of a selection set emptied by removals; the parent is implied', () => {
    const result = run('{ stats { institutions } institution(id: "1") { licence finances { revenue } } }', caller());
    expect(compact(result.document)).toBe('{stats{institutions}}');
    expect(paths(result)).toEqual([['institution', 'licence'], ['institution', 'finances']]);
    expect(result.denied.find((d) => d.kind === 'implied')).toMatchObject({ path: ['institution'], responsePath: ['institution'] });
    expect(result.empty).toBe(false);
  });

  it('flags an operation of which nothing survives as empty', () => {
    const result = run('{ me { sub } stats { flagged } }', ANONYMOUS);
    expect(result.empty).toBe(true);
    expect(paths(result)).toEqual([['me'], ['stats', 'flagged']]);
  });

  it('always allows __typename, and leaves introspection alone', () => {
    const result = run('{ __schema { queryType { name } } institution(id: "1") { __typename licence } }', ANONYMOUS);
    expect(compact(result.document)).toBe('{__schema{queryType{name}}institution(id:"1"){__typename}}');
  });

  it('evaluates scopes as an OR of ANDs', () => {
    const query = '{ institution(id: "1") { taxNumber } }';
    expect(run(query, caller(['finance:read'])).denied).toHaveLength(2); // the field, and its emptied parent
    expect(run(query, caller(['finance:read', 'pii:read'])).denied).toEqual([]);
    expect(run(query, caller(['admin'])).denied).toEqual([]);
  });

  it('requires a verified principal for @authenticated, on fields and through return types', () => {
    expect(paths(run('{ me { sub } stats { institutions } }', ANONYMOUS))).toEqual([['me']]);
    expect(run('{ me { sub } }', caller()).denied).toEqual([]);
    // Authenticated, but Inspector (the return type) needs staff:read.
    expect(paths(run('{ institutions { name inspector { name } } }', caller()))).toEqual([['institutions', '@', 'inspector']]);
    expect(run('{ institutions { name inspector { name } } }', caller(['staff:read'])).denied).toEqual([]);
  });

  it('lets the root type requirement gate the whole operation', async () => {
    const gated = await graph(withQueryDirective(SUPERGRAPH, '@authenticated'));
    const result = run('{ stats { institutions } }', ANONYMOUS, gated);
    expect(result.empty).toBe(true);
    expect(result.denied).toEqual([expect.objectContaining({ kind: 'type', path: [], coordinate: 'Query' })]);
    expect(run('{ stats { institutions } }', caller(), gated).denied).toEqual([]);
  });

  describe('unions', () => {
    it('checks each member fragment on its own', () => {
      const result = run(
        '{ search(term: "x") { __typename ... on Institution { name } ... on Inspector { name } ... on Programme { title } } }',
        caller(),
      );
      expect(compact(result.document)).toBe(
        '{search(term:"x"){__typename ...on Institution{name}...on Programme{title}_authzTypename:__typename}}',
      );
      expect(paths(result)).toEqual([['search', '@', '... on Inspector']]);
      expect(result.denied.find((d) => d.kind === 'implied')).toMatchObject({
        responsePath: ['search', '@', 'name'],
        typeConditions: [null, null, ['Inspector']],
      });
    });

    it('selects __typename (under a private key) where a denial only applies to some members', () => {
      const result = run('{ search(term: "x") { ... on Institution { name licence } ... on Programme { title } } }', caller());
      expect(compact(result.document)).toBe(
        '{search(term:"x"){...on Institution{name}...on Programme{title}_authzTypename:__typename}}',
      );
      expect(result.denied[0]).toMatchObject({ typeConditions: [null, null, ['Institution']], typenameKey: '_authzTypename' });
    });

    it('picks another private key when the operation already uses it', () => {
      const result = run('{ search(term: "x") { ... on Institution { _authzTypename: name licence } } }', caller());
      expect(result.denied[0]!.typenameKey).toBe('_authzTypename1');
    });
  });

  describe('interfaces', () => {
    it('composed graph: the propagated interface requirement gates the field, fragments or not', () => {
      expect(paths(run('{ node(id: "1") { id } }', caller()))).toEqual([['node']]);
      expect(paths(run('{ node(id: "1") { ... on Programme { title } } }', caller()))).toEqual([['node']]);
      expect(run('{ node(id: "1") { id ... on Programme { title } } }', caller(['staff:read'])).denied).toEqual([]);
    });

    it('all-or-nothing when the selection selects interface fields directly (GHSA-x33c-7c2v-mrj9)', () => {
      // The interface itself carries no requirement here, but one implementation (Inspector) does.
      expect(paths(run('{ node(id: "1") { id } }', caller(), handWritten))).toEqual([['node']]);
      expect(paths(run('{ node(id: "1") { id ... on Programme { title } } }', caller(), handWritten))).toEqual([['node']]);
      // Every implementation's version of the selected field counts: Inspector.label needs pii:read.
      expect(paths(run('{ node(id: "1") { label } }', caller(['staff:read']), handWritten))).toEqual([['node', 'label']]);
      expect(run('{ node(id: "1") { label } }', caller(['staff:read', 'pii:read']), handWritten).denied).toEqual([]);
    });

    it('per fragment when the selection is only __typename and type-conditioned fragments', () => {
      const result = run(
        '{ node(id: "1") { __typename ... on Programme { title } ... on Inspector { name } } }',
        caller(),
        handWritten,
      );
      expect(compact(result.document)).toBe('{node(id:"1"){__typename ...on Programme{title}_authzTypename:__typename}}');
      expect(paths(result)).toEqual([['node', '... on Inspector']]);
      expect(run('{ node(id: "1") { __typename } }', ANONYMOUS, handWritten).denied).toEqual([]);
    });

    it('treats a fragment on the interface like a direct selection', () => {
      const result = run('{ node(id: "1") { ... on Node { id } ... on Programme { title } } }', caller(), handWritten);
      expect(paths(result)).toEqual([['node']]);
      expect(compact(result.document)).toBe('{node(id:"1"){...on Programme{title}}}');
    });
  });

  it('throws on a document that does not match the schema', () => {
    expect(() => filterOperation(composed.schema, composed.requirements, parse('{ nope }'), null, caller())).toThrow(/nope/);
    expect(() => filterOperation(composed.schema, composed.requirements, parse('query A { stats { institutions } }'), 'B', caller())).toThrow(
      /Unknown operation/,
    );
  });
});
