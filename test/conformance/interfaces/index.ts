import type { Feature } from '../harness/scenario';

/**
 * Interfaces across subgraphs: the registry owns `Institution` and its implementations; the
 * inspections subgraph adds fields to each implementation (entities) and returns the interface.
 */
const registry = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable"])
  type Query {
    institutions: [Institution!]!
  }
  interface Institution {
    id: ID!
    name: String!
  }
  type School implements Institution @key(fields: "id") {
    id: ID!
    name: String!
    pupils: Int!
  }
  type TrainingCentre implements Institution @key(fields: "id") {
    id: ID!
    name: String!
    trades: [String!]!
  }
`;

const inspections = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query {
    flagged: [Flag!]!
  }
  type Flag {
    reason: String!
    institution: Inspectable!
  }
  interface Inspectable {
    id: ID!
    lastInspection: String
  }
  type School implements Inspectable @key(fields: "id") {
    id: ID!
    lastInspection: String
  }
  type TrainingCentre implements Inspectable @key(fields: "id") {
    id: ID!
    lastInspection: String
  }
`;

const INSTITUTIONS = [
  { __typename: 'School', id: 's1', name: 'Open Academy', pupils: 300 },
  { __typename: 'TrainingCentre', id: 't1', name: 'Weld Works', trades: ['welding'] },
];
const INSPECTED: Record<string, string> = { s1: '2026-03-01', t1: '2025-11-20' };

export const interfaces: Feature = {
  name: 'interfaces',
  subgraphs: [
    {
      name: 'registry',
      typeDefs: registry,
      resolvers: {
        Query: { institutions: () => INSTITUTIONS },
        Institution: { __resolveType: (i: { __typename: string }) => i.__typename },
        School: { __resolveReference: (ref: { id: string }) => INSTITUTIONS.find((i) => i.id === ref.id) },
        TrainingCentre: { __resolveReference: (ref: { id: string }) => INSTITUTIONS.find((i) => i.id === ref.id) },
      },
    },
    {
      name: 'inspections',
      typeDefs: inspections,
      resolvers: {
        Query: { flagged: () => [{ reason: 'fees', institution: { __typename: 'TrainingCentre', id: 't1' } }] },
        Inspectable: { __resolveType: (i: { __typename: string }) => i.__typename },
        School: { __resolveReference: (ref: { id: string }) => ref, lastInspection: (s: { id: string }) => INSPECTED[s.id] },
        TrainingCentre: { __resolveReference: (ref: { id: string }) => ref, lastInspection: (s: { id: string }) => INSPECTED[s.id] },
      },
    },
  ],
  scenarios: [
    {
      name: 'interface fields and implementation fragments, each implementation joined to another subgraph',
      request: { query: '{ institutions { __typename name ... on School { pupils lastInspection } ... on TrainingCentre { trades } } }' },
      expected: {
        status: 200,
        body: {
          data: {
            institutions: [
              { __typename: 'School', name: 'Open Academy', pupils: 300, lastInspection: '2026-03-01' },
              { __typename: 'TrainingCentre', name: 'Weld Works', trades: ['welding'] },
            ],
          },
        },
      },
    },
    {
      name: 'an interface returned by the other subgraph, narrowed to an implementation the first owns',
      request: { query: '{ flagged { reason institution { lastInspection ... on TrainingCentre { name trades } ... on School { pupils } } } }' },
      expected: {
        status: 200,
        body: { data: { flagged: [{ reason: 'fees', institution: { lastInspection: '2025-11-20', name: 'Weld Works', trades: ['welding'] } }] } },
      },
    },
    {
      name: 'a named fragment on the interface',
      request: { query: 'query { institutions { ...Named } } fragment Named on Institution { id name }' },
      expected: { status: 200, body: { data: { institutions: [{ id: 's1', name: 'Open Academy' }, { id: 't1', name: 'Weld Works' }] } } },
    },
  ],
};
