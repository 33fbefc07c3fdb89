import { parse, print, stripIgnoredCharacters, type GraphQLSchema } from 'graphql';

import { filterOperation, type Caller, type DeniedField } from '../../../../gateway/authorize/filter-operation';
import { extractRequirements, type AuthorizationRequirements } from '../../../../gateway/authorize/requirements';
import { unauthorizedErrors } from '../../../../gateway/authorize/denial-errors';
import { applyDenials } from '../../../../gateway/shape/apply-denials';
import { ANONYMOUS, SUPERGRAPH, caller, loadApiSchema } from '../authorize/fixture';

let schema: GraphQLSchema;
let requirements: AuthorizationRequirements;

beforeAll(async () => {
  const extracted = extractRequirements(SUPERGRAPH);
  requirements = extracted.requirements;
  schema = await loadApiSchema(extracted.executableSdl);
});

function denied(query: string, who: Caller = caller()): DeniedField[] {
  return filterOperation(schema, requirements, parse(query), null, who).denied;
}

describe('applyDenials', () => {
  it('inserts null under the alias in every list item, and reports one error per path', () => {
    const d = denied('{ list: institutions { n: name lic: licence } }');
    const data = { list: [{ n: 'A' }, { n: 'B' }] };
    expect(applyDenials(data, d)).toEqual({ list: [{ n: 'A', lic: null }, { n: 'B', lic: null }] });
    expect(unauthorizedErrors(d)).toEqual([
      { message: 'Unauthorized field or type', path: ['institutions', '@', 'licence'], extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } },
    ]);
  });

  it('works in place and returns the same object', () => {
    const d = denied('{ institution(id: "1") { name licence } }');
    const data = { institution: { name: 'A' } };
    expect(applyDenials(data, d)).toBe(data);
    expect(data.institution).toEqual({ name: 'A', licence: null });
  });

  it('nulls the nearest nullable ancestor of a denied non-null field', () => {
    const d = denied('{ institution(id: "1") { name programmes { title accreditationCode } } }');
    // accreditationCode: String! -> Programme! -> [Programme!]! -> institution (nullable) becomes null.
    expect(applyDenials({ institution: { name: 'A', programmes: [{ title: 'P' }] } }, d)).toEqual({ institution: null });
    // No programme object reached: nothing to null.
    expect(applyDenials({ institution: { name: 'A', programmes: [] } }, d)).toEqual({ institution: { name: 'A', programmes: [] } });
  });

  it('propagates all the way up to data: null', () => {
    const d = denied('{ stats { institutions flagged } }');
    expect(applyDenials({ stats: { institutions: 3 } }, d)).toBeNull();
    expect(applyDenials(null, d)).toBeNull();
  });

  it('nulls a parent removed because its selection set emptied (no error of its own)', () => {
    const d = denied('{ stats { institutions } institution(id: "1") { licence } }');
    expect(applyDenials({ stats: { institutions: 3 } }, d)).toEqual({ stats: { institutions: 3 }, institution: null });
    expect(unauthorizedErrors(d).map((e) => e.path)).toEqual([['institution', 'licence']]);
  });

  it('nulls nested entity fields in every item of nested lists', () => {
    const d = denied('{ institutions { name programmes { title fee } finances { revenue } } }');
    const data = {
      institutions: [
        { name: 'A', programmes: [{ title: 'P1' }, { title: 'P2' }] },
        { name: 'B', programmes: [] },
      ],
    };
    expect(applyDenials(data, d)).toEqual({
      institutions: [
        { name: 'A', programmes: [{ title: 'P1', fee: null }, { title: 'P2', fee: null }], finances: null },
        { name: 'B', programmes: [], finances: null },
      ],
    });
    expect(unauthorizedErrors(d)).toHaveLength(2);
  });

  it('only touches objects of the fragment type, and removes the __typename it needed', () => {
    const d = denied('{ search(term: "x") { ... on Institution { name licence } ... on Programme { title } } }');
    const data = {
      search: [
        { name: 'A', _authzTypename: 'Institution' },
        { title: 'P', _authzTypename: 'Programme' },
        null,
      ],
    };
    expect(applyDenials(data, d)).toEqual({ search: [{ name: 'A', licence: null }, { title: 'P' }, null] });
  });

  it('applies a denial below a type-narrowed ancestor only under objects of that type', () => {
    const query = '{ search(term: "x") { ... on Institution { programmes { title fee } } ... on Programme { title } } }';
    const d = denied(query);
    // The filtered document must select the type at `search` level, where the condition sits.
    expect(stripIgnoredCharacters(print(filterOperation(schema, requirements, parse(query), null, caller()).document))).toBe(
      '{search(term:"x"){...on Institution{programmes{title}}...on Programme{title}_authzTypename:__typename}}',
    );
    expect(d[0]).toMatchObject({ responsePath: ['search', '@', 'programmes', '@', 'fee'], typeConditions: [null, null, ['Institution'], null, null] });
    const data = {
      search: [
        { programmes: [{ title: 'P1' }], _authzTypename: 'Institution' },
        { title: 'P2', _authzTypename: 'Programme' },
      ],
    };
    expect(applyDenials(data, d)).toEqual({ search: [{ programmes: [{ title: 'P1', fee: null }] }, { title: 'P2' }] });
  });

  it('nulls the fields of a removed fragment in objects of that type, with propagation', () => {
    const d = denied('{ search(term: "x") { __typename ... on Inspector { name } ... on Programme { title } } }');
    const data = {
      search: [
        { __typename: 'Inspector', _authzTypename: 'Inspector' },
        { __typename: 'Programme', title: 'P', _authzTypename: 'Programme' },
      ],
    };
    // Inspector.name is String!, so the (nullable) list item becomes null; Programme stays as it is.
    expect(applyDenials(data, d)).toEqual({ search: [null, { __typename: 'Programme', title: 'P' }] });
    expect(unauthorizedErrors(d).map((e) => e.path)).toEqual([['search', '@', '... on Inspector']]);
  });

  it('follows @include / @skip with the request variables', () => {
    const query = 'query Q($with: Boolean!, $skip: Boolean = true) { institution(id: "1") { name licence @include(if: $with) taxNumber @skip(if: $skip) } }';
    const d = denied(query);
    expect(applyDenials({ institution: { name: 'A' } }, d, { with: false })).toEqual({ institution: { name: 'A' } });
    expect(applyDenials({ institution: { name: 'A' } }, d, { with: true, skip: false })).toEqual({
      institution: { name: 'A', licence: null, taxNumber: null },
    });
    expect(applyDenials({ institution: { name: 'A' } }, denied('{ institution(id: "1") { name licence @include(if: false) } }'))).toEqual({
      institution: { name: 'A' },
    });
  });

  it('leaves a key that an authorized selection already fetched', () => {
    const entry: DeniedField = {
      kind: 'field',
      path: ['a'],
      responsePath: ['a'],
      nonNull: [true],
      coordinate: 'Query.a',
      typeConditions: [null],
      typenameKey: '_authzTypename',
      conditions: [],
    };
    expect(applyDenials({ a: 1 }, [entry])).toEqual({ a: 1 });
    expect(applyDenials({}, [entry])).toBeNull();
  });

  it('reports anonymous denials once per path, however often the path occurs', () => {
    const d = denied('{ a: me { sub } b: me { sub } }', ANONYMOUS);
    expect(unauthorizedErrors(d)).toHaveLength(1);
  });
});
