import type { Feature } from '../harness/scenario';

/** Unions across subgraphs: search results whose members are entities owned elsewhere. */
const search = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query {
    search(term: String!): [Result!]!
  }
  union Result = Course | Teacher
  type Course @key(fields: "id") {
    id: ID!
  }
  type Teacher @key(fields: "id") {
    id: ID!
  }
`;

const catalogue = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Course @key(fields: "id") {
    id: ID!
    title: String!
  }
`;

const staff = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Teacher @key(fields: "id") {
    id: ID!
    name: String!
  }
`;

export const unions: Feature = {
  name: 'unions',
  subgraphs: [
    {
      name: 'search',
      typeDefs: search,
      resolvers: {
        Query: { search: () => [{ __typename: 'Course', id: 'c1' }, { __typename: 'Teacher', id: 't1' }, { __typename: 'Course', id: 'c2' }] },
        Result: { __resolveType: (r: { __typename: string }) => r.__typename },
      },
    },
    {
      name: 'catalogue',
      typeDefs: catalogue,
      resolvers: { Course: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, title: ref.id === 'c1' ? 'Algebra' : 'Poetry' }) } },
    },
    {
      name: 'staff',
      typeDefs: staff,
      resolvers: { Teacher: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, name: 'Wang Li' }) } },
    },
  ],
  scenarios: [
    {
      name: 'each member joined to its own subgraph',
      request: { query: '{ search(term: "a") { __typename ... on Course { title } ... on Teacher { name } } }' },
      expected: {
        status: 200,
        body: { data: { search: [{ __typename: 'Course', title: 'Algebra' }, { __typename: 'Teacher', name: 'Wang Li' }, { __typename: 'Course', title: 'Poetry' }] } },
      },
    },
    {
      name: 'a fragment on one member only: the others are empty objects',
      request: { query: '{ search(term: "a") { ... on Teacher { name } } }' },
      expected: { status: 200, body: { data: { search: [{}, { name: 'Wang Li' }, {}] } } },
      traffic: (traffic) => expect(traffic.catalogue).toEqual([]),
    },
    {
      name: 'only __typename, no join at all',
      request: { query: '{ search(term: "a") { __typename } }' },
      expected: { status: 200, body: { data: { search: [{ __typename: 'Course' }, { __typename: 'Teacher' }, { __typename: 'Course' }] } } },
      traffic: (traffic) => {
        expect(traffic.catalogue).toEqual([]);
        expect(traffic.staff).toEqual([]);
      },
    },
  ],
};
