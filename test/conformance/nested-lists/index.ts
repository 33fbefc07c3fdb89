import type { Feature } from '../harness/scenario';

/** Lists of lists, of scalars and of entities joined to another subgraph, with nulls at every level. */
const timetable = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query {
    weeks: [[Int]]!
    grid: [[Lesson!]]!
  }
  type Lesson @key(fields: "id") {
    id: ID!
    slot: Int!
  }
`;

const catalogue = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Lesson @key(fields: "id") {
    id: ID!
    title: String!
    tags: [[String!]!]
  }
`;

export const nestedLists: Feature = {
  name: 'nested-lists',
  subgraphs: [
    {
      name: 'timetable',
      typeDefs: timetable,
      resolvers: {
        Query: {
          weeks: () => [[1, 2, null], null, []],
          grid: () => [[{ id: 'l1', slot: 1 }, { id: 'l2', slot: 2 }], null, [{ id: 'l3', slot: 1 }]],
        },
      },
    },
    {
      name: 'catalogue',
      typeDefs: catalogue,
      resolvers: {
        Lesson: {
          __resolveReference: (ref: { id: string }) => ({ ...ref, title: `Lesson ${ref.id}`, tags: ref.id === 'l2' ? null : [['core'], []] }),
        },
      },
    },
  ],
  scenarios: [
    {
      name: 'a list of lists of nullable scalars, nulls kept at each level',
      request: { query: '{ weeks }' },
      expected: { status: 200, body: { data: { weeks: [[1, 2, null], null, []] } } },
    },
    {
      name: 'entities inside a list of lists, joined with one batched fetch',
      request: { query: '{ grid { slot title tags } }' },
      expected: {
        status: 200,
        body: {
          data: {
            grid: [
              [{ slot: 1, title: 'Lesson l1', tags: [['core'], []] }, { slot: 2, title: 'Lesson l2', tags: null }],
              null,
              [{ slot: 1, title: 'Lesson l3', tags: [['core'], []] }],
            ],
          },
        },
      },
      traffic: (traffic) => expect(traffic.catalogue).toHaveLength(1),
    },
  ],
};
