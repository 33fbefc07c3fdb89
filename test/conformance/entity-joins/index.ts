import { completionInExtensions, type ConformanceResponse, type Feature } from '../harness/scenario';

/**
 * Entities joined over several hops: institutions (registry) offer courses (catalogue), taught by
 * teachers (staff), and a course leads back to its institution. Some fields are guarded by scopes
 * the caller holds, so the authorization filter runs and must change nothing.
 */
const registry = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@requiresScopes"])
  type Query {
    institutions: [Institution!]!
  }
  type Institution @key(fields: "id") {
    id: ID!
    name: String!
    licence: String @requiresScopes(scopes: [["conformance:read"]])
  }
`;

const catalogue = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query {
    course(id: ID!): Course
  }
  type Institution @key(fields: "id") {
    id: ID!
    courses: [Course!]!
  }
  type Course @key(fields: "id") {
    id: ID!
    title: String!
    institution: Institution!
    teacher: Teacher
  }
  type Teacher @key(fields: "id", resolvable: false) {
    id: ID!
  }
`;

const staff = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@requiresScopes"])
  type Teacher @key(fields: "id") {
    id: ID!
    name: String!
    phone: String @requiresScopes(scopes: [["conformance:read"]])
  }
`;

const INSTITUTIONS = [
  { id: 'i1', name: 'Open Academy', licence: 'L-1' },
  { id: 'i2', name: 'Night School', licence: 'L-2' },
];
const COURSES = [
  { id: 'c1', title: 'Algebra', institutionId: 'i1', teacherId: 't1' },
  { id: 'c2', title: 'Poetry', institutionId: 'i1', teacherId: 't2' },
  { id: 'c3', title: 'Welding', institutionId: 'i2', teacherId: 't-gone' },
];
const TEACHERS = [
  { id: 't1', name: 'Wang Li', phone: '138' },
  { id: 't2', name: 'Zhao Min', phone: '139' },
];

// Teacher t-gone does not exist in staff: its `name` (String!) cannot be completed.
const THREE_HOPS: ConformanceResponse = {
  status: 200,
  body: {
    errors: [{ message: 'Cannot return null for non-nullable field Teacher.name.', path: ['institutions', 1, 'courses', 0, 'teacher', 'name'], extensions: { code: 'INVALID_GRAPHQL' } }],
    data: {
      institutions: [
        { licence: 'L-1', courses: [{ teacher: { name: 'Wang Li', phone: '138' } }, { teacher: { name: 'Zhao Min', phone: '139' } }] },
        { licence: 'L-2', courses: [{ teacher: null }] },
      ],
    },
  },
};

const UNKNOWN_TEACHER: ConformanceResponse = {
  status: 200,
  body: {
    errors: [{ message: 'Cannot return null for non-nullable field Teacher.name.', path: ['course', 'teacher', 'name'], extensions: { code: 'INVALID_GRAPHQL' } }],
    data: { course: { teacher: null } },
  },
};

export const entityJoins: Feature = {
  name: 'entity-joins',
  subgraphs: [
    {
      name: 'registry',
      typeDefs: registry,
      resolvers: {
        Query: { institutions: () => INSTITUTIONS },
        Institution: { __resolveReference: (ref: { id: string }) => INSTITUTIONS.find((i) => i.id === ref.id) ?? null },
      },
    },
    {
      name: 'catalogue',
      typeDefs: catalogue,
      resolvers: {
        Query: { course: (_: unknown, { id }: { id: string }) => COURSES.find((c) => c.id === id) ?? null },
        Institution: { courses: (institution: { id: string }) => COURSES.filter((c) => c.institutionId === institution.id) },
        Course: {
          __resolveReference: (ref: { id: string }) => COURSES.find((c) => c.id === ref.id) ?? null,
          institution: (course: { institutionId: string }) => ({ id: course.institutionId }),
          teacher: (course: { teacherId: string }) => ({ id: course.teacherId }),
        },
      },
    },
    {
      name: 'staff',
      typeDefs: staff,
      resolvers: {
        // An unknown teacher is null: the entity does not exist in its owner.
        Teacher: { __resolveReference: (ref: { id: string }) => TEACHERS.find((t) => t.id === ref.id) ?? null },
      },
    },
  ],
  scenarios: [
    {
      name: 'two hops: institutions and their courses',
      request: { query: '{ institutions { name courses { title } } }' },
      expected: {
        status: 200,
        body: { data: { institutions: [{ name: 'Open Academy', courses: [{ title: 'Algebra' }, { title: 'Poetry' }] }, { name: 'Night School', courses: [{ title: 'Welding' }] }] } },
      },
      traffic: (traffic) => {
        // One fetch per subgraph and hop, the list's entities batched.
        expect(traffic.registry).toHaveLength(1);
        expect(traffic.catalogue).toHaveLength(1);
        expect(traffic.staff).toHaveLength(0);
      },
    },
    {
      name: 'three hops through nested lists, guarded fields the caller may see included',
      request: { query: '{ institutions { licence courses { teacher { name phone } } } }' },
      expected: THREE_HOPS,
      library: completionInExtensions(THREE_HOPS),
      traffic: (traffic) => expect(traffic.staff).toHaveLength(1),
    },
    {
      name: 'a hop back: from a course to its institution in the first subgraph',
      request: { query: '{ course(id: "c3") { title institution { name courses { id } } } }' },
      expected: { status: 200, body: { data: { course: { title: 'Welding', institution: { name: 'Night School', courses: [{ id: 'c3' }] } } } } },
    },
    {
      name: 'an entity its owner does not know: its non-null field is an error, the entity null',
      request: { query: '{ course(id: "c3") { teacher { id name } } }' },
      expected: UNKNOWN_TEACHER,
      library: completionInExtensions(UNKNOWN_TEACHER),
    },
  ],
};
