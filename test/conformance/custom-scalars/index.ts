import type { Feature } from '../harness/scenario';

/**
 * Custom scalars pass through the gateway as the subgraphs serialise them (objects, strings,
 * numbers), in arguments and in entity keys. `USCC` is the one scalar this gateway parses itself.
 */
const registry = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  scalar JSON
  scalar DateTime
  scalar USCC
  type Query {
    institution(uscc: USCC!): Institution
    changedSince(time: DateTime!): [Institution!]!
  }
  type Institution @key(fields: "uscc") {
    uscc: USCC!
    registeredAt: DateTime!
    profile: JSON
  }
`;

const credit = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  scalar USCC
  scalar JSON
  type Institution @key(fields: "uscc") {
    uscc: USCC!
    creditRecord: JSON
  }
`;

// GB 32100 check characters: 5 (organisation code) and P (whole code).
const USCC = '91110108MA01A0BF5P';
const INSTITUTION = { uscc: USCC, registeredAt: '2021-09-01T08:00:00.000Z', profile: { languages: ['zh', 'en'], online: true, seats: 120, note: null } };

export const customScalars: Feature = {
  name: 'custom-scalars',
  subgraphs: [
    {
      name: 'registry',
      typeDefs: registry,
      resolvers: {
        Query: {
          institution: (_: unknown, { uscc }: { uscc: string }) => (uscc === USCC ? INSTITUTION : null),
          changedSince: (_: unknown, { time }: { time: string }) => (time < INSTITUTION.registeredAt ? [INSTITUTION] : []),
        },
        Institution: { __resolveReference: () => INSTITUTION },
      },
    },
    {
      name: 'credit',
      typeDefs: credit,
      resolvers: { Institution: { __resolveReference: (ref: { uscc: string }) => ({ ...ref, creditRecord: { level: 'A', since: 2022 } }) } },
    },
  ],
  scenarios: [
    {
      name: 'object-valued and string scalars, a scalar entity key joined to another subgraph',
      request: { query: 'query($u: USCC!) { institution(uscc: $u) { uscc registeredAt profile creditRecord } }', variables: { u: USCC } },
      expected: {
        status: 200,
        body: {
          data: {
            institution: { uscc: USCC, registeredAt: '2021-09-01T08:00:00.000Z', profile: { languages: ['zh', 'en'], online: true, seats: 120, note: null }, creditRecord: { level: 'A', since: 2022 } },
          },
        },
      },
    },
    {
      name: 'a custom scalar as a literal argument',
      request: { query: '{ changedSince(time: "2020-01-01T00:00:00Z") { uscc } }' },
      expected: { status: 200, body: { data: { changedSince: [{ uscc: USCC }] } } },
    },
    {
      name: 'a malformed USCC is refused before any subgraph is asked',
      request: { query: 'query($u: USCC!) { institution(uscc: $u) { uscc } }', variables: { u: '91110108MA01A0BF51' } },
      expected: {
        status: 400,
        body: {
          errors: [
            {
              message: 'Variable "$u" got invalid value "91110108MA01A0BF51"; USCC check character at position 18 should be \'P\', got \'1\'',
              locations: [{ line: 1, column: 7 }],
              extensions: { code: 'BAD_USER_INPUT', field: 'USCC', reason: 'CHECK_CHARACTER' },
            },
          ],
        },
      },
      library: {
        verdict: 'differs-by-design',
        reason: 'the library only names custom scalars and forwards any value; this gateway checks GB 32100 (the check character) first',
        libraryResponse: { status: 200, body: { data: { institution: null } } },
      },
      traffic: (traffic, gateway) => expect(traffic.registry).toHaveLength(gateway === 'reference' ? 1 : 0),
    },
  ],
};
