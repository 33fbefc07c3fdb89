import type { Feature } from '../harness/scenario';

/**
 * `@provides` and `@external`: the reviews subgraph can answer a product's name on the path it
 * provides it (reviews → product), so no hop to the catalogue is needed there; elsewhere it must
 * be fetched from its owner.
 */
const catalogue = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable"])
  type Query {
    product(id: ID!): Product
  }
  type Product @key(fields: "id") {
    id: ID!
    name: String! @shareable
    price: Int!
  }
`;

const reviews = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@external", "@provides"])
  type Query {
    latestReviews: [Review!]!
  }
  type Review {
    id: ID!
    body: String!
    product: Product! @provides(fields: "name")
    author: Author @provides(fields: "handle")
  }
  type Author @key(fields: "id") {
    id: ID!
    handle: String! @external
  }
  type Product @key(fields: "id") {
    id: ID!
    name: String! @external
    reviews: [Review!]!
  }
`;

const people = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable"])
  type Author @key(fields: "id") {
    id: ID!
    handle: String! @shareable
    email: String!
  }
`;

const PRODUCTS = [{ id: 'p1', name: 'Desk', price: 120 }];
const REVIEWS = [
  { id: 'r1', body: 'sturdy', productId: 'p1', author: { id: 'a1', handle: 'li' } },
  { id: 'r2', body: 'heavy', productId: 'p1', author: null },
];

export const provides: Feature = {
  name: 'provides',
  subgraphs: [
    {
      name: 'catalogue',
      typeDefs: catalogue,
      resolvers: {
        Query: { product: (_: unknown, { id }: { id: string }) => PRODUCTS.find((p) => p.id === id) ?? null },
        Product: { __resolveReference: (ref: { id: string }) => PRODUCTS.find((p) => p.id === ref.id) ?? null },
      },
    },
    {
      name: 'reviews',
      typeDefs: reviews,
      resolvers: {
        Query: { latestReviews: () => REVIEWS },
        // The provided name comes from the review's own copy, as a subgraph that provides it would.
        Review: { product: (review: { productId: string }) => ({ id: review.productId, name: 'Desk (as reviewed)' }) },
        Product: {
          __resolveReference: (ref: { id: string }) => ref,
          reviews: (product: { id: string }) => REVIEWS.filter((r) => r.productId === product.id),
        },
      },
    },
    {
      name: 'people',
      typeDefs: people,
      resolvers: { Author: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, handle: 'li', email: 'li@example.cn' }) } },
    },
  ],
  scenarios: [
    {
      name: 'a provided field is answered by the providing subgraph, with no hop',
      request: { query: '{ latestReviews { body product { name } author { handle } } }' },
      expected: {
        status: 200,
        body: {
          data: {
            latestReviews: [
              { body: 'sturdy', product: { name: 'Desk (as reviewed)' }, author: { handle: 'li' } },
              { body: 'heavy', product: { name: 'Desk (as reviewed)' }, author: null },
            ],
          },
        },
      },
      traffic: (traffic) => {
        expect(traffic.catalogue).toEqual([]);
        expect(traffic.people).toEqual([]);
      },
    },
    {
      name: 'a field beyond what is provided needs the hop to its owner',
      request: { query: '{ latestReviews { product { name price } author { email } } }' },
      expected: {
        status: 200,
        body: {
          data: {
            latestReviews: [
              { product: { name: 'Desk (as reviewed)', price: 120 }, author: { email: 'li@example.cn' } },
              { product: { name: 'Desk (as reviewed)', price: 120 }, author: null },
            ],
          },
        },
      },
      traffic: (traffic) => {
        expect(traffic.catalogue).toHaveLength(1);
        expect(traffic.people).toHaveLength(1);
      },
    },
    {
      name: 'off the provided path, the @external field comes from its owner',
      request: { query: '{ product(id: "p1") { name reviews { body } } }' },
      expected: { status: 200, body: { data: { product: { name: 'Desk', reviews: [{ body: 'sturdy' }, { body: 'heavy' }] } } } },
    },
  ],
};
