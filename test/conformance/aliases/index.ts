import type { Feature } from '../harness/scenario';

/** Aliases across entity fetches: the same field twice with other arguments, and aliases that shadow other names. */
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

const catalogue = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Institution @key(fields: "id") {
    id: ID!
    courses(level: String): [String!]!
  }
`;

const COURSES: Record<string, string[]> = { basic: ['Algebra'], advanced: ['Topology', 'Galois theory'] };

export const aliases: Feature = {
  name: 'aliases',
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
      name: 'catalogue',
      typeDefs: catalogue,
      resolvers: {
        Institution: {
          __resolveReference: (ref: { id: string }) => ref,
          courses: (_: unknown, { level }: { level?: string }) => (level ? (COURSES[level] ?? []) : [...COURSES.basic!, ...COURSES.advanced!]),
        },
      },
    },
  ],
  scenarios: [
    {
      name: 'one entity field twice under two aliases with different arguments',
      request: { query: '{ institution(id: "i1") { name basic: courses(level: "basic") advanced: courses(level: "advanced") } }' },
      expected: { status: 200, body: { data: { institution: { name: 'Open Academy', basic: ['Algebra'], advanced: ['Topology', 'Galois theory'] } } } },
    },
    {
      name: 'aliased root fields, each joined',
      request: { query: '{ a: institution(id: "i1") { title: name } b: institution(id: "i2") { all: courses } }' },
      expected: { status: 200, body: { data: { a: { title: 'Open Academy' }, b: { all: ['Algebra', 'Topology', 'Galois theory'] } } } },
    },
    {
      name: 'an alias named like the key field',
      request: { query: '{ institution(id: "i1") { id: name courses(level: "basic") } }' },
      expected: { status: 200, body: { data: { institution: { id: 'Open Academy', courses: ['Algebra'] } } } },
      library: {
        verdict: 'wrong-fixed',
        reason:
          'adds the key field id to the same fetch under the same response key and drops the client\'s `id: name` (apollographql/router#6222); this gateway gives the client\'s selection a private alias before planning and restores it after',
        libraryResponse: { status: 200, body: { data: { institution: { id: 'i1', courses: ['Algebra'] } } } },
      },
    },
  ],
};
