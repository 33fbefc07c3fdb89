import type { Feature } from '../harness/scenario';

/**
 * Mutations across two subgraphs sharing one counter, so that the order of execution shows in
 * the answer: root fields must run one after the other, in document order.
 */
const filings = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable"])

  type Query {
    filing(id: ID!): Filing
  }

  type Mutation {
    fileInstitution(input: FilingInput!): Filing!
    increment(by: Int!): Int!
    failHard: Int!
    failSoft: Int
  }

  input FilingInput {
    name: String!
    region: Region!
    tags: [String!]
  }

  enum Region {
    EAST
    WEST
  }

  type Filing @key(fields: "id") {
    id: ID!
    name: String!
    region: Region!
    tags: [String!]!
  }

  type Subscription {
    filingChanged: Filing
  }
`;

const notices = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])

  type Mutation {
    double: Int!
    notify(filingId: ID!, text: String!): Notice
  }

  type Notice {
    id: ID!
    text: String!
    filing: Filing!
  }

  type Filing @key(fields: "id") {
    id: ID!
    notices: [Notice!]!
  }
`;

interface Filing {
  id: string;
  name: string;
  region: string;
  tags: string[];
}

const state = { counter: 0, filings: [] as Filing[], notices: [] as { id: string; text: string; filingId: string }[] };

export const mutations: Feature = {
  name: 'mutations',
  reset: () => {
    state.counter = 0;
    state.filings = [{ id: 'f1', name: 'Open Academy', region: 'EAST', tags: [] }];
    state.notices = [];
  },
  subgraphs: [
    {
      name: 'filings',
      typeDefs: filings,
      resolvers: {
        Query: { filing: (_: unknown, { id }: { id: string }) => state.filings.find((f) => f.id === id) ?? null },
        Mutation: {
          fileInstitution: (_: unknown, { input }: { input: { name: string; region: string; tags?: string[] } }) => {
            const filing = { id: `f${state.filings.length + 1}`, name: input.name, region: input.region, tags: input.tags ?? [] };
            state.filings.push(filing);
            return filing;
          },
          increment: (_: unknown, { by }: { by: number }) => (state.counter += by),
          failHard: () => {
            throw new Error('filing register is locked');
          },
          failSoft: () => {
            throw new Error('nothing to file');
          },
        },
        Filing: { __resolveReference: (ref: { id: string }) => state.filings.find((f) => f.id === ref.id) ?? null },
      },
    },
    {
      name: 'notices',
      typeDefs: notices,
      resolvers: {
        Mutation: {
          double: () => (state.counter *= 2),
          notify: (_: unknown, { filingId, text }: { filingId: string; text: string }) => {
            const notice = { id: `n${state.notices.length + 1}`, text, filingId };
            state.notices.push(notice);
            return notice;
          },
        },
        Notice: { filing: (notice: { filingId: string }) => ({ id: notice.filingId }) },
        Filing: {
          __resolveReference: (ref: { id: string }) => ref,
          notices: (filing: { id: string }) => state.notices.filter((n) => n.filingId === filing.id),
        },
      },
    },
  ],
  scenarios: [
    {
      name: 'root fields run one after the other, in document order, across subgraphs',
      request: { query: 'mutation { a: increment(by: 2) b: double c: increment(by: 1) d: double }' },
      expected: { status: 200, body: { data: { a: 2, b: 4, c: 5, d: 10 } } },
    },
    {
      name: 'a mutation result joins entities from another subgraph',
      request: { query: 'mutation { fileInstitution(input: { name: "Night School", region: WEST }) { id name region notices { id } } }' },
      expected: { status: 200, body: { data: { fileInstitution: { id: 'f2', name: 'Night School', region: 'WEST', notices: [] } } } },
    },
    {
      name: 'an input object from variables, and a result that reaches back through the key',
      request: {
        query: 'mutation File($input: FilingInput!, $text: String!) { fileInstitution(input: $input) { id tags } notify(filingId: "f1", text: $text) { text filing { name notices { text } } } }',
        variables: { input: { name: 'Bright Minds', region: 'EAST', tags: ['K12', 'online'] }, text: 'inspection due' },
        operationName: 'File',
      },
      expected: {
        status: 200,
        body: {
          data: {
            fileInstitution: { id: 'f2', tags: ['K12', 'online'] },
            notify: { text: 'inspection due', filing: { name: 'Open Academy', notices: [{ text: 'inspection due' }] } },
          },
        },
      },
    },
    {
      name: 'a failing nullable mutation field is null with its error, and the next one still runs',
      request: { query: 'mutation { failSoft next: increment(by: 1) }' },
      expected: {
        status: 200,
        body: {
          errors: [{ message: 'nothing to file', path: ['failSoft'], extensions: { serviceName: 'filings', code: 'DOWNSTREAM_SERVICE_ERROR' } }],
          data: { failSoft: null, next: 1 },
        },
      },
    },
    {
      name: 'a failing non-null mutation field ends the mutation: no later field runs',
      request: { query: 'mutation { first: increment(by: 1) failHard after: double }' },
      expected: {
        status: 200,
        body: {
          errors: [{ message: 'filing register is locked', path: ['failHard'], extensions: { serviceName: 'filings', code: 'DOWNSTREAM_SERVICE_ERROR' } }],
          data: null,
        },
      },
      library: {
        verdict: 'wrong-fixed',
        reason:
          'its plan is a sequence of fetches that carries on after a non-null root field failed, so the write in `after` still happens although the answer is data: null (the spec, graphql-js and the subgraph stop there); the response is the same, the side effect is not',
        libraryResponse: {
          status: 200,
          body: {
            errors: [{ message: 'filing register is locked', path: ['failHard'], extensions: { serviceName: 'filings', code: 'DOWNSTREAM_SERVICE_ERROR' } }],
            data: null,
          },
        },
      },
      traffic: (traffic, gateway) => {
        // The library still sends `double` to notices; this gateway stops at failHard.
        expect(traffic.notices!.map((r) => r.query)).toEqual(gateway === 'reference' ? ['mutation{after:double}'] : []);
      },
    },
    {
      name: '@skip and @include on root fields and fragments, with variables',
      request: {
        query: 'mutation M($skip: Boolean!, $with: Boolean = true) { a: increment(by: 3) @skip(if: $skip) ...Twice @include(if: $with) c: increment(by: 1) }  fragment Twice on Mutation { b: double }',
        variables: { skip: false },
      },
      expected: { status: 200, body: { data: { a: 3, b: 6, c: 7 } } },
    },
    {
      name: '__typename among the root fields of a mutation',
      request: { query: 'mutation { __typename one: increment(by: 1) kind: __typename }' },
      expected: { status: 200, body: { data: { __typename: 'Mutation', one: 1, kind: 'Mutation' } } },
    },
    {
      name: 'a mutation sent with GET is refused with 405 and Allow: POST, before anything runs',
      request: { query: 'mutation { increment(by: 1) }', method: 'GET' },
      expected: {
        status: 405,
        headers: { allow: 'POST' },
        body: { errors: [{ message: 'Mutations can only be sent over HTTP POST', extensions: { code: 'MUTATION_FORBIDDEN' } }] },
      },
      library: {
        verdict: 'differs-by-design',
        reason: 'Apollo Server also answers 405 with Allow: POST, with its own message and the code BAD_REQUEST; this gateway uses the Router\'s MUTATION_FORBIDDEN',
        libraryResponse: {
          status: 405,
          headers: { allow: 'POST' },
          body: { errors: [{ message: 'GET requests only support query operations, not mutation operations', extensions: { code: 'BAD_REQUEST' } }] },
        },
      },
      traffic: (traffic) => expect(traffic.filings).toEqual([]),
    },
    {
      name: 'a subscription is refused with a clear code',
      request: { query: 'subscription { filingChanged { id } }' },
      expected: {
        status: 400,
        body: { errors: [{ message: 'Subscriptions are not supported by this gateway; use a query or a mutation', extensions: { code: 'SUBSCRIPTION_NOT_SUPPORTED' } }] },
      },
      library: {
        verdict: 'differs-by-design',
        reason: '@apollo/gateway throws "Execution of subscriptions not supported by gateway", which Apollo Server turns into an internal error',
        libraryResponse: { status: 500, body: { errors: [{ message: 'Execution of subscriptions not supported by gateway', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } },
      },
    },
  ],
};
