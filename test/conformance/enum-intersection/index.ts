import type { Feature } from '../harness/scenario';

/**
 * Enums that differ between subgraphs. An enum used only as output is the union of the subgraphs'
 * values; one used as input too must be the same everywhere, and one used only as input is the
 * intersection (a value one subgraph lacks cannot be sent to it).
 */
const registry = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable"])
  type Query {
    institutions(status: FilingStatus): [Institution!]!
  }
  type Institution @key(fields: "id") {
    id: ID!
    category: Category!
  }
  enum Category {
    SCHOOL
    CENTRE
  }
  enum FilingStatus {
    WHITE
    GREY
    BLACK
  }
`;

const supervision = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query {
    notices(status: FilingStatus): [String!]!
  }
  type Institution @key(fields: "id") {
    id: ID!
    risk: Category!
  }
  enum Category {
    SCHOOL
    PLATFORM
  }
  enum FilingStatus {
    WHITE
    GREY
    PENDING
  }
`;

const INSTITUTIONS = [
  { id: 'i1', category: 'SCHOOL', status: 'WHITE' },
  { id: 'i2', category: 'CENTRE', status: 'GREY' },
];

export const enumIntersection: Feature = {
  name: 'enum-intersection',
  subgraphs: [
    {
      name: 'registry',
      typeDefs: registry,
      resolvers: {
        Query: { institutions: (_: unknown, { status }: { status?: string }) => INSTITUTIONS.filter((i) => !status || i.status === status) },
        Institution: { __resolveReference: (ref: { id: string }) => INSTITUTIONS.find((i) => i.id === ref.id) },
      },
    },
    {
      name: 'supervision',
      typeDefs: supervision,
      resolvers: {
        Query: { notices: (_: unknown, { status }: { status?: string }) => [`notices for ${status ?? 'all'}`] },
        Institution: { __resolveReference: (ref: { id: string }) => ref, risk: (i: { id: string }) => (i.id === 'i1' ? 'PLATFORM' : 'SCHOOL') },
      },
    },
  ],
  scenarios: [
    {
      name: 'output enums are the union: each subgraph answers its own values',
      request: { query: '{ institutions { category risk } }' },
      expected: { status: 200, body: { data: { institutions: [{ category: 'SCHOOL', risk: 'PLATFORM' }, { category: 'CENTRE', risk: 'SCHOOL' }] } } },
    },
    {
      name: 'an input enum value both subgraphs know is sent to either',
      request: { query: 'query($s: FilingStatus) { institutions(status: $s) { category } notices(status: $s) }', variables: { s: 'GREY' } },
      expected: { status: 200, body: { data: { institutions: [{ category: 'CENTRE' }], notices: ['notices for GREY'] } } },
    },
    {
      name: 'an input enum value only one subgraph knows is not in the API schema',
      request: { query: '{ notices(status: PENDING) }' },
      expected: {
        status: 400,
        body: {
          errors: [
            {
              message: 'Value "PENDING" does not exist in "FilingStatus" enum.',
              locations: [{ line: 1, column: 19 }],
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            },
          ],
        },
      },
    },
  ],
};
