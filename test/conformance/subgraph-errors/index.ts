import type { Feature } from '../harness/scenario';

/**
 * Errors subgraphs report keep their paths into the client's response, through entity fetches and
 * lists, with their codes and extensions; nulls propagate to the nearest nullable field.
 */
const registry = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query {
    institutions: [Institution!]!
    broken: String
  }
  type Institution @key(fields: "id") {
    id: ID!
    name: String!
  }
`;

const finance = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Institution @key(fields: "id") {
    id: ID!
    balance: Int
    custody: Custody
  }
  type Custody {
    bank: String!
    account: String
  }
`;

export const subgraphErrors: Feature = {
  name: 'subgraph-errors',
  subgraphs: [
    {
      name: 'registry',
      typeDefs: registry,
      resolvers: {
        Query: {
          institutions: () => [{ id: 'i1', name: 'Open Academy' }, { id: 'i2', name: 'Night School' }, { id: 'i3', name: 'Weld Works' }],
          broken: () => {
            throw Object.assign(new Error('registry is being rebuilt'), { extensions: { code: 'MAINTENANCE', retryAfter: 30 } });
          },
        },
      },
    },
    {
      name: 'finance',
      typeDefs: finance,
      resolvers: {
        Institution: {
          __resolveReference: (ref: { id: string }) => ref,
          balance: (institution: { id: string }) => {
            if (institution.id === 'i2') throw new Error('ledger unavailable for i2');
            return 100;
          },
          custody: (institution: { id: string }) => ({ id: institution.id }),
        },
        Custody: {
          bank: (custody: { id: string }) => (custody.id === 'i3' ? null : 'ICBC'),
          account: () => '6222-0000',
        },
      },
    },
  ],
  scenarios: [
    {
      name: 'a root field error keeps its code and extensions; the rest of the answer stands',
      request: { query: '{ broken institutions { name } }' },
      expected: {
        status: 200,
        body: {
          errors: [{ message: 'registry is being rebuilt', path: ['broken'], extensions: { code: 'MAINTENANCE', retryAfter: 30, serviceName: 'registry' } }],
          data: { broken: null, institutions: [{ name: 'Open Academy' }, { name: 'Night School' }, { name: 'Weld Works' }] },
        },
      },
    },
    {
      name: 'an error in an entity fetch gets the path of the entity in the list',
      request: { query: '{ institutions { name balance } }' },
      expected: {
        status: 200,
        body: {
          errors: [{ message: 'ledger unavailable for i2', path: ['institutions', 1, 'balance'], extensions: { serviceName: 'finance', code: 'DOWNSTREAM_SERVICE_ERROR' } }],
          data: { institutions: [{ name: 'Open Academy', balance: 100 }, { name: 'Night School', balance: null }, { name: 'Weld Works', balance: 100 }] },
        },
      },
    },
    {
      name: 'a null for a non-null field in an entity fetch nulls its nearest nullable parent',
      request: { query: '{ institutions { custody { bank account } } }' },
      expected: {
        status: 200,
        body: {
          errors: [{ message: 'Cannot return null for non-nullable field Custody.bank.', path: ['institutions', 2, 'custody', 'bank'], extensions: { serviceName: 'finance', code: 'DOWNSTREAM_SERVICE_ERROR' } }],
          data: { institutions: [{ custody: { bank: 'ICBC', account: '6222-0000' } }, { custody: { bank: 'ICBC', account: '6222-0000' } }, { custody: null }] },
        },
      },
    },
  ],
};
