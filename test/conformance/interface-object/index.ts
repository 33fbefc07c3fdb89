import type { Feature } from '../harness/scenario';

/**
 * `@interfaceObject`: the ratings subgraph adds a field to every Account without knowing its
 * implementations; the accounts subgraph owns the interface and its object types.
 */
const accounts = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query {
    accounts: [Account!]!
  }
  interface Account @key(fields: "id") {
    id: ID!
    name: String!
  }
  type Person implements Account @key(fields: "id") {
    id: ID!
    name: String!
    age: Int!
  }
  type School implements Account @key(fields: "id") {
    id: ID!
    name: String!
    region: String!
  }
`;

const ratings = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@interfaceObject", "@external", "@requires"])
  type Query {
    topRated: [Account!]!
  }
  type Account @key(fields: "id") @interfaceObject {
    id: ID!
    rating: Int!
    name: String! @external
    badge: String! @requires(fields: "name")
  }
`;

const ACCOUNTS = [
  { __typename: 'Person', id: 'a1', name: 'Wang Li', age: 41 },
  { __typename: 'School', id: 'a2', name: 'Open Academy', region: '440300' },
];
const RATINGS: Record<string, number> = { a1: 3, a2: 5 };

export const interfaceObject: Feature = {
  name: 'interface-object',
  subgraphs: [
    {
      name: 'accounts',
      typeDefs: accounts,
      resolvers: {
        Query: { accounts: () => ACCOUNTS },
        Account: {
          __resolveReference: (ref: { id: string }) => ACCOUNTS.find((a) => a.id === ref.id) ?? null,
          __resolveType: (account: { __typename: string }) => account.__typename,
        },
        Person: { __resolveReference: (ref: { id: string }) => ACCOUNTS.find((a) => a.id === ref.id) ?? null },
        School: { __resolveReference: (ref: { id: string }) => ACCOUNTS.find((a) => a.id === ref.id) ?? null },
      },
    },
    {
      name: 'ratings',
      typeDefs: ratings,
      resolvers: {
        Query: { topRated: () => [{ id: 'a2' }, { id: 'a1' }] },
        Account: {
          __resolveReference: (ref: { id: string }) => ref,
          rating: (account: { id: string }) => RATINGS[account.id],
          badge: (account: { name: string }) => `${account.name} ★`,
        },
      },
    },
  ],
  scenarios: [
    {
      name: 'a field the interface object adds, on every implementation',
      request: { query: '{ accounts { name rating } }' },
      expected: { status: 200, body: { data: { accounts: [{ name: 'Wang Li', rating: 3 }, { name: 'Open Academy', rating: 5 }] } } },
    },
    {
      name: 'the added field inside a fragment on one implementation',
      request: { query: '{ accounts { name ... on School { region rating } } }' },
      expected: { status: 200, body: { data: { accounts: [{ name: 'Wang Li' }, { name: 'Open Academy', region: '440300', rating: 5 }] } } },
    },
    {
      name: 'from the interface object subgraph: __typename and implementation fields need the owner',
      request: { query: '{ topRated { __typename rating name ... on Person { age } } }' },
      expected: {
        status: 200,
        body: { data: { topRated: [{ __typename: 'School', rating: 5, name: 'Open Academy' }, { __typename: 'Person', rating: 3, name: 'Wang Li', age: 41 }] } },
      },
    },
    {
      name: 'a @requires on the interface object, fed from the owner of the implementations',
      request: { query: '{ accounts { badge } topRated { badge } }' },
      expected: {
        status: 200,
        body: { data: { accounts: [{ badge: 'Wang Li ★' }, { badge: 'Open Academy ★' }], topRated: [{ badge: 'Open Academy ★' }, { badge: 'Wang Li ★' }] } },
      },
    },
    {
      name: '__typename inside a fragment on an implementation, beside an interface object field',
      request: { query: '{ accounts { __typename ... on Person { __typename rating } } }' },
      expected: {
        status: 200,
        body: { data: { accounts: [{ __typename: 'Person', rating: 3 }, { __typename: 'School' }] } },
      },
      library: {
        verdict: 'wrong-fixed',
        reason:
          'merges the interface object subgraph\'s `__typename: "Account"` (an interface) over the concrete type and then nulls the entity without any error, here all the way to data: null; this gateway leaves that typename out of the merge',
        libraryResponse: { status: 200, body: { data: null } },
      },
    },
    {
      name: 'an aliased __typename in such a fragment',
      request: { query: '{ accounts { ... on Person { kind: __typename rating } } }' },
      expected: { status: 200, body: { data: { accounts: [{ kind: 'Person', rating: 3 }, {}] } } },
    },
    {
      name: 'from the interface object subgraph: a fragment on an implementation with __typename',
      request: { query: '{ topRated { ... on School { __typename region } rating } }' },
      expected: { status: 200, body: { data: { topRated: [{ __typename: 'School', region: '440300', rating: 5 }, { rating: 3 }] } } },
    },
    {
      name: 'from the interface object subgraph: only __typename',
      request: { query: '{ topRated { __typename } }' },
      expected: { status: 200, body: { data: { topRated: [{ __typename: 'School' }, { __typename: 'Person' }] } } },
    },
  ],
};
