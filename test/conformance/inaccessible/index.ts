import { RIGHT, type Feature } from '../harness/scenario';

/**
 * `@inaccessible` (inaccessible/v0.2): hidden elements are absent from the API schema, so a client
 * can neither select nor name them (fields, types, enum values, arguments, input fields), while the
 * planner still uses them (here a hidden key field and a hidden field a @requires needs).
 */
const catalogue = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@inaccessible", "@shareable"])

  type Query {
    course(id: ID!): Course
    courses(filter: CourseFilter): [Course!]!
    internalAudit: String @inaccessible
    archive: String
  }

  type Course @key(fields: "id") @key(fields: "legacyCode") {
    id: ID!
    legacyCode: String! @inaccessible
    title: String!
    level: Level!
    costPrice: Int @inaccessible
  }

  input CourseFilter {
    level: Level
    includeWithdrawn: Boolean @inaccessible
  }

  enum Level {
    BASIC
    ADVANCED
    PILOT @inaccessible
  }

  type Supplier @inaccessible {
    name: String
  }
`;

const pricing = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@external", "@requires"])

  type Course @key(fields: "legacyCode") {
    legacyCode: String!
    costPrice: Int @external
    margin: Int @requires(fields: "costPrice")
  }
`;

const COURSES = [
  { id: 'c1', legacyCode: 'L-001', title: 'Algebra', level: 'BASIC', costPrice: 60 },
  { id: 'c2', legacyCode: 'L-002', title: 'Topology', level: 'ADVANCED', costPrice: 80 },
  { id: 'c3', legacyCode: 'L-003', title: 'Robotics', level: 'PILOT', costPrice: 90 },
];

export const inaccessible: Feature = {
  name: 'inaccessible',
  subgraphs: [
    {
      name: 'catalogue',
      typeDefs: catalogue,
      resolvers: {
        Query: {
          course: (_: unknown, { id }: { id: string }) => COURSES.find((c) => c.id === id) ?? null,
          archive: () => {
            throw new Error('archive offline');
          },
          courses: (_: unknown, { filter }: { filter?: { level?: string } }) =>
            COURSES.filter((c) => !filter?.level || c.level === filter.level),
        },
        Course: {
          __resolveReference: (ref: { id?: string; legacyCode?: string }) =>
            COURSES.find((c) => c.id === ref.id || c.legacyCode === ref.legacyCode) ?? null,
        },
      },
    },
    {
      name: 'pricing',
      typeDefs: pricing,
      resolvers: {
        Course: {
          __resolveReference: (ref: { legacyCode: string; costPrice: number }) => ({ ...ref }),
          margin: (course: { costPrice: number }) => {
            if (course.costPrice > 85) throw new Error(`Course.costPrice ${course.costPrice} is above the ceiling`);
            return 100 - course.costPrice;
          },
        },
      },
    },
  ],
  scenarios: [
    {
      name: 'a hidden key and a hidden @requires field still plan',
      request: { query: '{ course(id: "c2") { title margin } }' },
      expected: { status: 200, body: { data: { course: { title: 'Topology', margin: 20 } } } },
      library: RIGHT,
    },
    {
      name: 'a hidden field cannot be selected, and is not suggested',
      request: { query: '{ course(id: "c1") { costPric } }' },
      expected: {
        status: 400,
        body: {
          errors: [
            {
              message: 'Cannot query field "costPric" on type "Course".',
              locations: [{ line: 1, column: 22 }],
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            },
          ],
        },
      },
    },
    {
      name: 'a hidden enum value in a variable is refused without naming the hidden one',
      request: { query: 'query($f: CourseFilter) { courses(filter: $f) { title } }', variables: { f: { level: 'PILOTT' } } },
      expected: {
        status: 400,
        body: {
          errors: [
            {
              message: 'Variable "$f" got invalid value "PILOTT" at "f.level"; Value "PILOTT" does not exist in "Level" enum.',
              locations: [{ line: 1, column: 7 }],
              extensions: { code: 'BAD_USER_INPUT' },
            },
          ],
        },
      },
    },
    {
      name: 'a hidden input field in a variable is refused',
      request: { query: 'query($f: CourseFilter) { courses(filter: $f) { title } }', variables: { f: { includeWithdrawn: true } } },
      expected: {
        status: 400,
        body: {
          errors: [
            {
              message: 'Variable "$f" got invalid value { includeWithdrawn: true }; Field "includeWithdrawn" is not defined by type "CourseFilter".',
              locations: [{ line: 1, column: 7 }],
              extensions: { code: 'BAD_USER_INPUT' },
            },
          ],
        },
      },
    },
    {
      name: 'a subgraph error naming a hidden field is reworded',
      request: { query: '{ course(id: "c3") { title margin } }' },
      expected: {
        status: 200,
        body: {
          errors: [
            {
              message: 'Subgraph "pricing" reported an error about an element this API does not expose',
              path: ['course', 'margin'],
              extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'pricing' },
            },
          ],
          data: { course: { title: 'Robotics', margin: null } },
        },
      },
      library: {
        verdict: 'wrong-fixed',
        reason: 'passes on a subgraph message that names a field the API schema hides',
        libraryResponse: {
          status: 200,
          body: {
            errors: [
              {
                message: 'Course.costPrice 90 is above the ceiling',
                path: ['course', 'margin'],
                extensions: { serviceName: 'pricing', code: 'DOWNSTREAM_SERVICE_ERROR' },
              },
            ],
            data: { course: { title: 'Robotics', margin: null } },
          },
        },
      },
    },
    {
      name: 'a hidden enum value from a subgraph is a field error in errors',
      request: { query: '{ course(id: "c3") { title level } }' },
      expected: {
        status: 200,
        body: {
          errors: [{ message: 'Invalid value found for field Course.level.', path: ['course', 'level'], extensions: { code: 'INVALID_GRAPHQL' } }],
          data: { course: null },
        },
      },
      library: {
        verdict: 'wrong-fixed',
        reason: 'reports the null it makes of a value the API schema lacks in extensions.valueCompletion, not in errors (and drops it when a subgraph also reported an error)',
        libraryResponse: {
          status: 200,
          body: {
            extensions: { valueCompletion: [{ message: 'Invalid value found for field Course.level.', path: ['course', 'level'], extensions: { code: 'INVALID_GRAPHQL' } }] },
            data: { course: null },
          },
        },
      },
    },
    {
      name: 'a hidden enum value beside a subgraph error: both errors',
      request: { query: '{ archive course(id: "c3") { level } }' },
      expected: {
        status: 200,
        body: {
          errors: [
            { message: 'archive offline', path: ['archive'], extensions: { serviceName: 'catalogue', code: 'DOWNSTREAM_SERVICE_ERROR' } },
            { message: 'Invalid value found for field Course.level.', path: ['course', 'level'], extensions: { code: 'INVALID_GRAPHQL' } },
          ],
          data: { archive: null, course: null },
        },
      },
      library: {
        verdict: 'wrong-unfixed',
        reason:
          'computes the value-completion error but keeps it only when no subgraph reported an error, so here course is null with no error saying why; the error never leaves the library, so this gateway cannot restore it',
        libraryResponse: {
          status: 200,
          body: {
            errors: [{ message: 'archive offline', path: ['archive'], extensions: { serviceName: 'catalogue', code: 'DOWNSTREAM_SERVICE_ERROR' } }],
            data: { archive: null, course: null },
          },
        },
      },
    },
    {
      name: 'introspection shows no hidden element',
      request: {
        query: '{ course: __type(name: "Course") { fields { name } } level: __type(name: "Level") { enumValues { name } } supplier: __type(name: "Supplier") { name } filter: __type(name: "CourseFilter") { inputFields { name } } }',
      },
      expected: {
        status: 200,
        body: {
          data: {
            course: { fields: [{ name: 'id' }, { name: 'title' }, { name: 'level' }, { name: 'margin' }] },
            level: { enumValues: [{ name: 'BASIC' }, { name: 'ADVANCED' }] },
            supplier: null,
            filter: { inputFields: [{ name: 'level' }] },
          },
        },
      },
    },
  ],
};
