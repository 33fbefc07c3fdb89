/**
 * The public GraphQL gateways benchmark (graphql-hive/graphql-gateways-benchmark): its four
 * subgraphs' SDL, as its Rust subgraphs export them (Federation 1 style), and its one query.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { PROJECT_ROOT } from '../../../common/project-root';

export const PUBLIC_SUBGRAPH_NAMES = ['accounts', 'inventory', 'products', 'reviews'] as const;
export type PublicSubgraphName = (typeof PUBLIC_SUBGRAPH_NAMES)[number];

export const PUBLIC_SUBGRAPH_SDL: Readonly<Record<PublicSubgraphName, string>> = {
  accounts: /* GraphQL */ `
    extend type Query {
      me: User
      user(id: ID!): User
      users: [User]
    }
    type User @key(fields: "id") {
      id: ID!
      name: String
      username: String
      birthday: Int
    }
  `,
  inventory: /* GraphQL */ `
    extend type Product @key(fields: "upc") {
      upc: String! @external
      weight: Int @external
      price: Int @external
      inStock: Boolean
      shippingEstimate: Int @requires(fields: "price weight")
    }
  `,
  products: /* GraphQL */ `
    type Product @key(fields: "upc") {
      upc: String!
      name: String
      price: Int
      weight: Int
    }
    extend type Query {
      topProducts(first: Int = 5): [Product]
    }
  `,
  reviews: /* GraphQL */ `
    extend type Product @key(fields: "upc") {
      upc: String! @external
      reviews: [Review]
    }
    type Review @key(fields: "id") {
      id: ID!
      body: String
      product: Product
      author: User @provides(fields: "username")
    }
    extend type User @key(fields: "id") {
      id: ID! @external
      username: String @external
      reviews: [Review]
    }
  `,
};

/** The benchmark's `TestQuery`, verbatim in shape: three fragments, five levels of nesting. */
export const TEST_QUERY = /* GraphQL */ `
  fragment User on User {
    id
    username
    name
  }

  fragment Review on Review {
    id
    body
  }

  fragment Product on Product {
    inStock
    name
    price
    shippingEstimate
    upc
    weight
  }

  query TestQuery {
    users {
      ...User
      reviews {
        ...Review
        product {
          ...Product
          reviews {
            ...Review
            author {
              ...User
              reviews {
                ...Review
                product {
                  ...Product
                }
              }
            }
          }
        }
      }
    }
    topProducts {
      ...Product
      reviews {
        ...Review
        author {
          ...User
          reviews {
            ...Review
            product {
              ...Product
            }
          }
        }
      }
    }
  }
`;

export interface BenchmarkData {
  readonly users: readonly { id: string; name: string; username: string; birthday: number }[];
  readonly products: readonly { upc: string; name: string; price: number; weight: number }[];
  readonly inventory: readonly { upc: string; inStock: boolean }[];
  readonly reviews: readonly { id: string; body: string; productUpc: string }[];
}

/** The benchmark's fixed data set: a copy of shared/data/gateways-benchmark-data.json, so a fresh clone runs it. */
export const BENCHMARK_DATA_PATH = join(PROJECT_ROOT, 'test/bench/public/gateways-benchmark-data.json');

export function loadBenchmarkData(path = BENCHMARK_DATA_PATH): BenchmarkData {
  return JSON.parse(readFileSync(path, 'utf8')) as BenchmarkData;
}

/** The supergraph of the four subgraphs at the given URLs, composed as `rover` would. */
export function composePublicSupergraph(urls: Readonly<Record<PublicSubgraphName, string>>): string {
  const result = composeServices(PUBLIC_SUBGRAPH_NAMES.map((name) => ({ name, url: urls[name], typeDefs: parse(PUBLIC_SUBGRAPH_SDL[name]) })));
  if (result.errors?.length || !result.supergraphSdl) {
    throw new Error(`the public benchmark's subgraphs do not compose: ${(result.errors ?? []).map((e) => e.message).join('; ')}`);
  }
  return result.supergraphSdl;
}
