/**
 * A small supergraph composed from two subgraph SDLs (registry + finance), plus text-edited
 * variants of it, shared by the authorization tests.
 */
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { parse, print, visit, type GraphQLSchema } from 'graphql';

import type { Caller } from '../../../../gateway/authorize/filter-operation';

export const REGISTRY = /* GraphQL */ `
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@authenticated", "@requiresScopes"])

  type Query {
    institutions: [Institution!]!
    institution(id: ID!): Institution
    search(term: String!): [SearchResult]
    node(id: ID!): Node
    me: Account @authenticated
    stats: Stats!
  }

  interface Node {
    id: ID!
    label: String
  }

  type Institution implements Node @key(fields: "id") {
    id: ID!
    label: String
    name: String!
    licence: String @requiresScopes(scopes: [["licence:read"]])
    taxNumber: String @requiresScopes(scopes: [["finance:read", "pii:read"], ["admin"]])
    inspector: Inspector @authenticated
  }

  type Inspector implements Node @key(fields: "id") @requiresScopes(scopes: [["staff:read"]]) {
    id: ID!
    label: String @requiresScopes(scopes: [["pii:read"]])
    name: String!
    phone: String! @requiresScopes(scopes: [["pii:read"]])
  }

  type Programme implements Node @key(fields: "id") {
    id: ID!
    label: String
    title: String!
  }

  union SearchResult = Institution | Inspector | Programme

  type Account {
    sub: String!
  }

  type Stats {
    institutions: Int!
    flagged: Int! @requiresScopes(scopes: [["audit:read"]])
  }
`;

export const FINANCE = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@requiresScopes"])

  type Institution @key(fields: "id") {
    id: ID!
    finances: Finances @requiresScopes(scopes: [["finance:read"]])
    programmes: [Programme!]!
  }

  type Programme @key(fields: "id") {
    id: ID!
    fee: Int @requiresScopes(scopes: [["finance:read"]])
    accreditationCode: String! @requiresScopes(scopes: [["accreditation:read"]])
  }

  type Finances {
    revenue: Int!
    auditor: Inspector
  }

  type Inspector @key(fields: "id", resolvable: false) {
    id: ID!
  }
`;

export function composeSupergraph(): string {
  const result = composeServices([
    { name: 'registry', url: 'http://registry.invalid/graphql', typeDefs: parse(REGISTRY) },
    { name: 'finance', url: 'http://finance.invalid/graphql', typeDefs: parse(FINANCE) },
  ]);
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

export const SUPERGRAPH = composeSupergraph();

/**
 * Composition 2.12+ copies implementations' requirements up onto the interface. A hand-written (or
 * older) supergraph may not: this variant strips them from `Node`, to exercise the filter's own
 * checks of every implementation (GHSA-x33c-7c2v-mrj9).
 */
export function withoutInterfaceRequirements(sdl: string): string {
  return print(
    visit(parse(sdl), {
      InterfaceTypeDefinition(node) {
        return visit(node, {
          Directive: (d) => (d.name.value === 'requiresScopes' || d.name.value === 'authenticated' ? null : undefined),
        });
      },
    }),
  );
}

/** Adds a directive application to the root Query type (text edit on the printed SDL). */
export function withQueryDirective(sdl: string, directive: string): string {
  const edited = sdl.replace(/type Query\n/, `type Query\n  ${directive}\n`);
  if (edited === sdl) throw new Error('Query type not found');
  return edited;
}

export async function loadApiSchema(executableSdl: string): Promise<GraphQLSchema> {
  const gateway = new ApolloGateway({ supergraphSdl: executableSdl });
  try {
    const { schema } = await gateway.load();
    return schema;
  } finally {
    await gateway.stop();
  }
}

export function caller(scopes: string[] = [], authenticated = true, policies?: string[]): Caller {
  return policies === undefined
    ? { authenticated, scopes: new Set(scopes) }
    : { authenticated, scopes: new Set(scopes), policies: new Set(policies) };
}

export const ANONYMOUS = caller([], false);

