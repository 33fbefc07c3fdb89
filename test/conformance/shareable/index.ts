import type { Feature } from '../harness/scenario';

/**
 * `@shareable`: a value type (Money) and an entity field (Institution.name) that two subgraphs can
 * both resolve. The planner may take a shared field from whichever subgraph it is already in.
 */
const registry = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable"])
  type Query {
    institution(id: ID!): Institution
    fees: [Money!]!
  }
  type Institution @key(fields: "id") {
    id: ID!
    name: String! @shareable
    capital: Money!
  }
  type Money @shareable {
    amount: Int!
    currency: String!
  }
`;

const finance = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable"])
  type Query {
    custodians: [Institution!]!
  }
  type Institution @key(fields: "id") {
    id: ID!
    name: String! @shareable
    balance: Money!
  }
  type Money @shareable {
    amount: Int!
    currency: String!
  }
`;

const NAMES: Record<string, string> = { i1: 'Open Academy', i2: 'Night School' };

export const shareable: Feature = {
  name: 'shareable',
  subgraphs: [
    {
      name: 'registry',
      typeDefs: registry,
      resolvers: {
        Query: {
          institution: (_: unknown, { id }: { id: string }) => (NAMES[id] ? { id, name: NAMES[id] } : null),
          fees: () => [{ amount: 300, currency: 'CNY' }],
        },
        Institution: {
          __resolveReference: (ref: { id: string }) => ({ id: ref.id, name: NAMES[ref.id] }),
          capital: () => ({ amount: 1_000_000, currency: 'CNY' }),
        },
      },
    },
    {
      name: 'finance',
      typeDefs: finance,
      resolvers: {
        Query: { custodians: () => [{ id: 'i2', name: NAMES.i2 }] },
        Institution: {
          __resolveReference: (ref: { id: string }) => ({ id: ref.id, name: NAMES[ref.id] }),
          balance: (institution: { id: string }) => ({ amount: institution.id === 'i1' ? 500 : 20, currency: 'CNY' }),
        },
      },
    },
  ],
  scenarios: [
    {
      name: 'a shareable field is taken from the subgraph already on the path',
      request: { query: '{ custodians { name balance { amount currency } } }' },
      expected: { status: 200, body: { data: { custodians: [{ name: 'Night School', balance: { amount: 20, currency: 'CNY' } }] } } },
      traffic: (traffic) => expect(traffic.registry).toEqual([]),
    },
    {
      name: 'a shared value type from two subgraphs in one answer',
      request: { query: '{ institution(id: "i1") { name capital { amount } balance { amount currency } } fees { currency } }' },
      expected: {
        status: 200,
        body: { data: { institution: { name: 'Open Academy', capital: { amount: 1000000 }, balance: { amount: 500, currency: 'CNY' } }, fees: [{ currency: 'CNY' }] } },
      },
    },
  ],
};
