import { readFileSync } from 'node:fs';
import { buildASTSchema, getOperationAST, parse } from 'graphql';
import { actualCost } from '../../../../gateway/cost/actual-cost';
import { extractCostDirectives } from '../../../../gateway/cost/cost-directives';
import { estimateCost, type CostModel } from '../../../../gateway/cost/estimate-cost';
import { prepareSupergraph } from '../../../../gateway/supergraph/prepare-supergraph';
import { SUPERGRAPH_PATH } from '../../../../schema/paths';
import { FAN_OUT_QUERY, PROFILE_QUERY } from '../../../helpers/queries';

const SDL = /* GraphQL */ `
  schema @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/cost/v0.1", as: "price", import: [{ name: "@listSize", as: "@size" }]) { query: Query }
  directive @link(url: String, as: String, import: [link__Import]) repeatable on SCHEMA
  scalar link__Import
  directive @price(weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT | SCALAR
  directive @size(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
  type Query {
    item: Item
    items(first: Int = 20): [Item!] @size(slicingArguments: ["first"], requireOneSlicingArgument: false)
    page(first: Int!): Page! @size(slicingArguments: ["first"], sizedFields: ["edges"]) @price(weight: 10)
    unsized: [Item!]
    assumed: [Item!] @size(assumedSize: 3)
    search(filter: Filter, extra: Int @price(weight: 4)): [Item!] @size(assumedSize: 1)
  }
  input Filter { expensive: String @price(weight: 6) cheap: String }
  type Page { edges: [Item!]! total: Int }
  type Item { id: ID! heavy: Heavy children(first: Int = 5): [Item!] @size(slicingArguments: ["first"]) n: Int @price(weight: 2) }
  type Heavy @price(weight: 7) { x: Int }
`;

const schema = buildASTSchema(parse(SDL), { assumeValidSDL: true });
const model: CostModel = { schema, costs: extractCostDirectives(SDL), defaultListSize: 10 };
const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  return estimateCost(model, document, getOperationAST(document)!, variables);
};

describe('the static cost estimate (IBM cost spec, Apollo Router weights)', () => {
  it('reads @cost and @listSize under the names the cost link gives them', () => {
    expect(model.costs.types.get('Heavy')).toBe(7);
    expect(model.costs.fields.get('Item.n')).toBe(2);
    expect(model.costs.fields.get('Filter.expensive')).toBe(6);
    expect(model.costs.arguments.get('Query.search(extra:)')).toBe(4);
    expect(model.costs.listSizes.get('Query.page')).toEqual({ assumedSize: null, slicingArguments: ['first'], sizedFields: ['edges'], requireOneSlicingArgument: true });
  });

  it('costs an object 1, a scalar 0 and a field its @cost, a type its @cost', () => {
    expect(cost('{ item { id } }')).toBe(1);
    expect(cost('{ item { id n } }')).toBe(3);
    expect(cost('{ item { heavy { x } } }')).toBe(1 + 7);
    expect(cost('{ __typename item { __typename } }')).toBe(1);
  });

  it('multiplies lists by their slicing argument (literal, variable, variable default, schema default), nested lists multiply', () => {
    expect(cost('{ items(first: 7) { id } }')).toBe(7);
    expect(cost('query($n: Int) { items(first: $n) { id } }', { n: 40 })).toBe(40);
    expect(cost('query($n: Int = 3) { items(first: $n) { id } }')).toBe(3);
    expect(cost('{ items { id } }')).toBe(20);
    expect(cost('{ items(first: 10) { children(first: 10) { children(first: 10) { id } } } }')).toBe(10 * (1 + 10 * (1 + 10)));
  });

  it('falls back to assumedSize, then to the configured list size', () => {
    expect(cost('{ assumed { id } }')).toBe(3);
    expect(cost('{ unsized { id } }')).toBe(10);
  });

  it('hands a connection\'s size to its sizedFields and adds the connection\'s own @cost', () => {
    expect(cost('{ page(first: 50) { total edges { id heavy { x } } } }')).toBe(10 + 50 * (1 + 7));
  });

  it('adds argument and input-field weights', () => {
    expect(cost('{ search(filter: { expensive: "x", cheap: "y" }, extra: 1) { id } }')).toBe(1 + 6 + 4);
  });

  it('counts fragments, named and inline', () => {
    expect(cost('{ items(first: 2) { ...F ... on Item { n } } } fragment F on Item { heavy { x } }')).toBe(2 * (1 + 7 + 2));
  });

  it('measures the actual cost on the response: a list of 2 where 20 were estimated costs 2', () => {
    const document = parse('{ items { id n heavy { x } } }');
    const data = { items: [{ id: '1', n: 1, heavy: { x: 1 } }, { id: '2', n: 2, heavy: null }] };
    expect(estimateCost(model, document, getOperationAST(document)!, {})).toBe(20 * (1 + 2 + 7));
    expect(actualCost(model, document, getOperationAST(document)!, data)).toBe((1 + 2 + 7) + (1 + 2));
  });
});

describe('the actual cost of responses of abstract types', () => {
  const abstract = buildASTSchema(parse(/* GraphQL */ `
    directive @cost(weight: Int!) on FIELD_DEFINITION | OBJECT
    type Query { things: [Thing!] }
    interface Thing { id: ID! }
    type Cheap implements Thing { id: ID! }
    type Dear implements Thing { id: ID! extra: Extra }
    type Extra @cost(weight: 5) { n: Int }
  `), { assumeValidSDL: true });
  const abstractModel: CostModel = { schema: abstract, costs: { types: new Map([['Extra', 5]]), fields: new Map(), arguments: new Map(), listSizes: new Map() }, defaultListSize: 10 };
  const document = parse('{ things { __typename id ... on Dear { extra { n } } ...F } } fragment F on Dear { more: extra { n } }');
  const operation = getOperationAST(document)!;

  it('applies a fragment only to objects of its type, per object, for every response of the same operation', () => {
    const mixed = { things: [{ __typename: 'Cheap', id: '1' }, { __typename: 'Dear', id: '2', extra: { n: 1 }, more: { n: 2 } }] };
    // each Thing 1; the Dear one's extra and more 5 each.
    expect(actualCost(abstractModel, document, operation, mixed)).toBe(1 + 1 + 5 + 5);
    expect(actualCost(abstractModel, document, operation, { things: [{ __typename: 'Cheap', id: '1' }] })).toBe(1);
    expect(actualCost(abstractModel, document, operation, { things: [{ __typename: 'Dear', id: '3', extra: null, more: { n: 1 } }] })).toBe(1 + 5);
  });

  it('counts every fragment of an object without __typename (the static type is all it knows)', () => {
    const plain = parse('{ things { id ... on Dear { extra { n } } } }');
    expect(actualCost(abstractModel, plain, getOperationAST(plain)!, { things: [{ id: '1', extra: { n: 1 } }, { id: '2' }] })).toBe(1 + 5 + 1);
  });
});

describe('the cost of the real supergraph\'s operations', () => {
  const supergraph = prepareSupergraph(readFileSync(SUPERGRAPH_PATH, 'utf8'));
  const api = buildASTSchema(parse(supergraph.executableSdl), { assumeValidSDL: true });
  const real: CostModel = { schema: api, costs: supergraph.costs, defaultListSize: 10 };
  const realCost = (query: string, variables: Record<string, unknown>) => {
    const document = parse(query);
    return estimateCost(real, document, getOperationAST(document)!, variables);
  };

  it('knows every nested list is cut by `first` and the institutions page by its `first`', () => {
    expect(supergraph.costs.listSizes.get('Institution.courses')?.slicingArguments).toEqual(['first']);
    expect(supergraph.costs.listSizes.get('Query.institutions')?.sizedFields).toEqual(['edges']);
    expect(supergraph.costs.fields.get('Query.institutions')).toBe(10);
  });

  it('costs the profile query by its five-item lists and the fan-out by page size', () => {
    // institution, filing, feeRule, registration and prepaidCustody 1 each, and 8 lists of 5.
    expect(realCost(PROFILE_QUERY, { uscc: 'x' })).toBe(5 + 8 * 5);
    const page = (first: number) => realCost(FAN_OUT_QUERY, { first });
    // 10 for the scan, 1 for pageInfo, per edge: edge, node, filing, registration, custody and 5 lists of 3.
    expect(page(100)).toBe(10 + 1 + 100 * (5 + 5 * 3));
    expect(page(10)).toBe(10 + 1 + 10 * 20);
  });
});
