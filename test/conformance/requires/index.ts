import type { Feature } from '../harness/scenario';

/**
 * `@requires`: the shipping subgraph computes estimates from fields the catalogue owns, with and
 * without arguments on the required field, and from a nested selection.
 */
const catalogue = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable"])
  type Query {
    products: [Product!]!
  }
  enum Unit {
    KG
    LB
  }
  type Product @key(fields: "id") {
    id: ID!
    name: String!
    weight(unit: Unit = KG): Float!
    dimensions: Dimensions!
  }
  type Dimensions @shareable {
    size: Int!
    height: Int!
  }
`;

const shipping = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@external", "@requires", "@shareable"])
  enum Unit {
    KG
    LB
  }
  type Product @key(fields: "id") {
    id: ID!
    weight(unit: Unit = KG): Float! @external
    dimensions: Dimensions! @external
    estimate: Int! @requires(fields: "weight dimensions { size }")
    poundsLabel: String! @requires(fields: "weight(unit: LB)")
    kilosLabel: String! @requires(fields: "weight(unit: KG)")
  }
  type Dimensions @shareable {
    size: Int!
    height: Int!
  }
`;

const PRODUCTS = [
  { id: 'p1', name: 'Desk', kg: 20, size: 3, height: 1 },
  { id: 'p2', name: 'Lamp', kg: 2, size: 1, height: 2 },
];

export const requires: Feature = {
  name: 'requires',
  subgraphs: [
    {
      name: 'catalogue',
      typeDefs: catalogue,
      resolvers: {
        Query: { products: () => PRODUCTS },
        Product: {
          __resolveReference: (ref: { id: string }) => PRODUCTS.find((p) => p.id === ref.id) ?? null,
          weight: (product: { kg: number }, { unit }: { unit: string }) => (unit === 'LB' ? Math.round(product.kg * 2.2046 * 10) / 10 : product.kg),
          dimensions: (product: { size: number; height: number }) => ({ size: product.size, height: product.height }),
        },
      },
    },
    {
      name: 'shipping',
      typeDefs: shipping,
      resolvers: {
        Product: {
          __resolveReference: (ref: unknown) => ref,
          estimate: (product: { weight: number; dimensions: { size: number } }) => Math.ceil(product.weight * product.dimensions.size),
          poundsLabel: (product: { weight: number }) => `${product.weight} lb`,
          kilosLabel: (product: { weight: number }) => `${product.weight} kg`,
        },
      },
    },
  ],
  scenarios: [
    {
      name: '@requires with a nested selection, the required fields fetched first',
      request: { query: '{ products { name estimate } }' },
      expected: { status: 200, body: { data: { products: [{ name: 'Desk', estimate: 60 }, { name: 'Lamp', estimate: 2 }] } } },
      traffic: (traffic) => {
        expect(traffic.catalogue).toHaveLength(1);
        expect(traffic.shipping).toHaveLength(1);
      },
    },
    {
      name: '@requires on a field with an argument',
      request: { query: '{ products { poundsLabel } }' },
      expected: { status: 200, body: { data: { products: [{ poundsLabel: '44.1 lb' }, { poundsLabel: '4.4 lb' }] } } },
    },
    {
      name: 'the client selects the required field itself, with the default argument',
      request: { query: '{ products { weight estimate } }' },
      expected: { status: 200, body: { data: { products: [{ weight: 20, estimate: 60 }, { weight: 2, estimate: 2 }] } } },
    },
    {
      name: 'the client selects a required field with other arguments than the @requires',
      request: { query: '{ products { weight(unit: KG) poundsLabel } }' },
      expected: { status: 200, body: { data: { products: [{ weight: 20, poundsLabel: '44.1 lb' }, { weight: 2, poundsLabel: '4.4 lb' }] } } },
      library: {
        verdict: 'wrong-fixed',
        reason:
          'fetches weight once, with the client\'s arguments, and computes poundsLabel from kilograms (apollographql/federation#2276, #2996); this gateway aliases the client\'s selection before planning and restores it after',
        libraryResponse: { status: 200, body: { data: { products: [{ weight: 20, poundsLabel: '20 lb' }, { weight: 2, poundsLabel: '2 lb' }] } } },
      },
      traffic: (traffic, gateway) => {
        if (gateway === 'under test') expect(traffic.catalogue).toEqual([expect.objectContaining({ query: '{products{__typename id _clientKey0:weight(unit:KG)weight(unit:LB)}}' })]);
      },
    },
    {
      name: 'two @requires of one field with different arguments, in one query',
      request: { query: '{ products { poundsLabel kilosLabel } }' },
      expected: { status: 200, body: { data: { products: [{ poundsLabel: '44.1 lb', kilosLabel: '20 kg' }, { poundsLabel: '4.4 lb', kilosLabel: '2 kg' }] } } },
      library: {
        verdict: 'wrong-unfixed',
        reason:
          'fetches weight once, for one of the two @requires, and sends that value to both (graphql-hive/federation-gateway-audit "requires-with-argument-conflict"); both selections are the planner\'s own, so no rewrite of the client\'s document can separate them, and this gateway answers the same',
        libraryResponse: { status: 200, body: { data: { products: [{ poundsLabel: '20 lb', kilosLabel: '20 kg' }, { poundsLabel: '2 lb', kilosLabel: '2 kg' }] } } },
      },
    },
    {
      name: 'an aliased selection of the required field, in a fragment: rewritten and restored, keys in order',
      request: { query: '{ products { ...P } } fragment P on Product { kilos: weight(unit: KG) poundsLabel name }' },
      expected: {
        status: 200,
        body: { data: { products: [{ kilos: 20, poundsLabel: '44.1 lb', name: 'Desk' }, { kilos: 2, poundsLabel: '4.4 lb', name: 'Lamp' }] } },
      },
    },
  ],
};
