import type { Feature } from '../harness/scenario';

/** Keys: a compound key, a nested key, and an entity with two keys used by different subgraphs. */
const registry = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable"])
  type Query {
    permits: [Permit!]!
  }
  type Permit @key(fields: "province number") @key(fields: "serial") {
    province: String!
    number: Int!
    serial: ID!
    holder: Holder!
  }
  type Holder @key(fields: "org { code } branch") {
    org: Org!
    branch: String!
    name: String!
  }
  type Org @shareable {
    code: String!
  }
`;

const inspections = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable"])
  type Permit @key(fields: "province number") {
    province: String!
    number: Int!
    lastInspected: String
  }
  type Holder @key(fields: "org { code } branch") {
    org: Org!
    branch: String!
    complaints: Int!
  }
  type Org @shareable {
    code: String!
  }
`;

const archive = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Permit @key(fields: "serial") {
    serial: ID!
    archivedCopy: String
  }
`;

const PERMITS = [
  { province: '44', number: 7, serial: 'S-7', holder: { org: { code: 'ORG1' }, branch: 'Shenzhen', name: 'Open Academy' } },
  { province: '11', number: 7, serial: 'S-8', holder: { org: { code: 'ORG2' }, branch: 'Beijing', name: 'Night School' } },
];

export const keys: Feature = {
  name: 'keys',
  subgraphs: [
    {
      name: 'registry',
      typeDefs: registry,
      resolvers: {
        Query: { permits: () => PERMITS },
        Permit: { __resolveReference: (ref: { serial?: string; province?: string; number?: number }) => PERMITS.find((p) => p.serial === ref.serial || (p.province === ref.province && p.number === ref.number)) },
        Holder: { __resolveReference: (ref: { org: { code: string }; branch: string }) => PERMITS.map((p) => p.holder).find((h) => h.org.code === ref.org.code && h.branch === ref.branch) },
      },
    },
    {
      name: 'inspections',
      typeDefs: inspections,
      resolvers: {
        Permit: { __resolveReference: (ref: { province: string; number: number }) => ({ ...ref, lastInspected: `${ref.province}-${ref.number}: 2026-01-05` }) },
        Holder: { __resolveReference: (ref: { org: { code: string }; branch: string }) => ({ ...ref, complaints: ref.org.code === 'ORG1' ? 2 : 0 }) },
      },
    },
    {
      name: 'archive',
      typeDefs: archive,
      resolvers: { Permit: { __resolveReference: (ref: { serial: string }) => ({ ...ref, archivedCopy: `copy of ${ref.serial}` }) } },
    },
  ],
  scenarios: [
    {
      name: 'a compound key: two permits with the same number in different provinces stay apart',
      request: { query: '{ permits { serial lastInspected } }' },
      expected: { status: 200, body: { data: { permits: [{ serial: 'S-7', lastInspected: '44-7: 2026-01-05' }, { serial: 'S-8', lastInspected: '11-7: 2026-01-05' }] } } },
    },
    {
      name: 'a nested key (org { code } branch)',
      request: { query: '{ permits { holder { name complaints } } }' },
      expected: { status: 200, body: { data: { permits: [{ holder: { name: 'Open Academy', complaints: 2 } }, { holder: { name: 'Night School', complaints: 0 } }] } } },
    },
    {
      name: 'two keys: each subgraph joined through the key it knows',
      request: { query: '{ permits { archivedCopy lastInspected } }' },
      expected: {
        status: 200,
        body: { data: { permits: [{ archivedCopy: 'copy of S-7', lastInspected: '44-7: 2026-01-05' }, { archivedCopy: 'copy of S-8', lastInspected: '11-7: 2026-01-05' }] } },
      },
    },
  ],
};
