import type { Feature } from '../harness/scenario';

/**
 * `@override`: fields moving from the legacy subgraph to the quality subgraph. `rating` has moved
 * for good; `score` moves progressively (`label: "percent(100)"`: every request), `grade` not yet
 * (`percent(0)`: none).
 */
const legacy = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query {
    institution(id: ID!): Institution
  }
  type Institution @key(fields: "id") {
    id: ID!
    name: String!
    rating: Int!
    score: Int!
    grade: String!
  }
`;

const quality = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@override"])
  type Institution @key(fields: "id") {
    id: ID!
    rating: Int! @override(from: "legacy")
    score: Int! @override(from: "legacy", label: "percent(100)")
    grade: String! @override(from: "legacy", label: "percent(0)")
  }
`;

export const override: Feature = {
  name: 'override',
  subgraphs: [
    {
      name: 'legacy',
      typeDefs: legacy,
      resolvers: {
        Query: { institution: (_: unknown, { id }: { id: string }) => ({ id, name: 'Open Academy', rating: 1, score: 1, grade: 'legacy' }) },
        Institution: { __resolveReference: (ref: { id: string }) => ({ ...ref, name: 'Open Academy', rating: 1, score: 1, grade: 'legacy' }) },
      },
    },
    {
      name: 'quality',
      typeDefs: quality,
      resolvers: { Institution: { __resolveReference: (ref: { id: string }) => ({ ...ref, rating: 5, score: 5, grade: 'quality' }) } },
    },
  ],
  scenarios: [
    {
      name: 'an overridden field is resolved by the subgraph that took it over',
      request: { query: '{ institution(id: "i1") { name rating } }' },
      expected: { status: 200, body: { data: { institution: { name: 'Open Academy', rating: 5 } } } },
    },
    {
      name: 'progressive override at percent(100): every request goes to the new subgraph',
      request: { query: '{ institution(id: "i1") { score } }' },
      expected: { status: 200, body: { data: { institution: { score: 5 } } } },
      library: {
        verdict: 'wrong-fixed',
        reason:
          'plans with every override label off, so a field at percent(100) never moves; this gateway settles percent(0) and percent(100) in the supergraph it hands the library (other percentages stay with the old subgraph)',
        libraryResponse: { status: 200, body: { data: { institution: { score: 1 } } } },
      },
      traffic: (traffic, gateway) => expect(traffic.quality).toHaveLength(gateway === 'reference' ? 0 : 1),
    },
    {
      name: 'progressive override at percent(0): requests stay with the old subgraph',
      request: { query: '{ institution(id: "i1") { grade } }' },
      expected: { status: 200, body: { data: { institution: { grade: 'legacy' } } } },
    },
  ],
};
