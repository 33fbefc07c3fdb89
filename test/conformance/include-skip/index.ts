import type { Feature } from '../harness/scenario';

/** `@include` / `@skip` with variables and defaults, on fields that cost a hop to another subgraph. */
const registry = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query {
    institution(id: ID!): Institution
  }
  type Institution @key(fields: "id") {
    id: ID!
    name: String!
  }
`;

const finance = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Institution @key(fields: "id") {
    id: ID!
    balance: Int!
    custodian: String!
  }
`;

export const includeSkip: Feature = {
  name: 'include-skip',
  subgraphs: [
    {
      name: 'registry',
      typeDefs: registry,
      resolvers: {
        Query: { institution: (_: unknown, { id }: { id: string }) => ({ id, name: 'Open Academy' }) },
        Institution: { __resolveReference: (ref: { id: string }) => ({ ...ref, name: 'Open Academy' }) },
      },
    },
    {
      name: 'finance',
      typeDefs: finance,
      resolvers: { Institution: { __resolveReference: (ref: { id: string }) => ({ ...ref, balance: 42, custodian: 'ICBC' }) } },
    },
  ],
  scenarios: [
    {
      name: 'a skipped field that would cost a hop: no fetch to its subgraph',
      request: { query: 'query($lean: Boolean!) { institution(id: "i1") { name balance @skip(if: $lean) } }', variables: { lean: true } },
      expected: { status: 200, body: { data: { institution: { name: 'Open Academy' } } } },
      traffic: (traffic) => expect(traffic.finance).toEqual([]),
    },
    {
      name: 'an included fragment, and a default that includes',
      request: {
        query: 'query($full: Boolean!, $custody: Boolean = true) { institution(id: "i1") { ... on Institution @include(if: $full) { balance } custodian @include(if: $custody) } }',
        variables: { full: true },
      },
      expected: { status: 200, body: { data: { institution: { balance: 42, custodian: 'ICBC' } } } },
    },
    {
      name: '@skip and @include together on one field: included only when both allow',
      request: { query: 'query($a: Boolean!, $b: Boolean!) { institution(id: "i1") { name @skip(if: $a) @include(if: $b) balance } }', variables: { a: false, b: false } },
      expected: { status: 200, body: { data: { institution: { balance: 42 } } } },
    },
    {
      name: 'a required boolean variable that is missing is refused',
      request: { query: 'query($lean: Boolean!) { institution(id: "i1") { balance @skip(if: $lean) } }' },
      expected: {
        status: 400,
        body: {
          errors: [{ message: 'Variable "$lean" of required type "Boolean!" was not provided.', locations: [{ line: 1, column: 7 }], extensions: { code: 'BAD_USER_INPUT' } }],
        },
      },
    },
  ],
};
