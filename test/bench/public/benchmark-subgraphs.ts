/**
 * The public benchmark's four subgraphs as Fastify + mercurius apps over its fixed data set. The
 * resolvers do what the benchmark's Rust subgraphs do, quirks included, so responses match the
 * published reference: every review's author is user 1 (`urigo`, provided by reviews), every
 * user's reviews are the first two, and inventory's entity resolver ignores the `price`/`weight`
 * the gateway sends for `@requires`, so `shippingEstimate` is always null.
 *
 * Each app memoises its answers by request body, so a benchmark measures the gateway in front of
 * it, not the subgraphs: after the first request, every answer is a Map lookup and a write.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import Fastify, { type FastifyInstance } from 'fastify';
import { parse } from 'graphql';
import mercurius from 'mercurius';
import { PUBLIC_SUBGRAPH_SDL, type BenchmarkData, type PublicSubgraphName } from './benchmark-schema';

type Ref = Record<string, unknown>;
interface ReviewRow { id: string; body: string; productUpc: string }

function resolversFor(name: PublicSubgraphName, data: BenchmarkData): GraphQLResolverMap<unknown> {
  const user = (id: unknown) => data.users.find((u) => u.id === id) ?? null;
  const firstTwoReviews = () => data.reviews.slice(0, 2);
  switch (name) {
    case 'accounts':
      return {
        Query: { me: () => data.users[0], user: (_: unknown, args: { id: string }) => user(args.id), users: () => data.users },
        User: { __resolveReference: (ref: Ref) => user(ref.id) },
      };
    case 'inventory':
      return {
        // Like the benchmark's subgraph: the stored row only, without the required fields.
        Product: {
          __resolveReference: (ref: Ref) => {
            const row = data.inventory.find((p) => p.upc === ref.upc);
            return row ? { upc: row.upc, inStock: row.inStock, price: null, weight: null } : null;
          },
          shippingEstimate: (product: { price: number | null; weight: number | null }) => {
            if (product.price === null) return null;
            if (product.price > 1000) return 0;
            return product.weight === null ? null : Math.floor(product.weight / 2);
          },
        },
      };
    case 'products':
      return {
        Query: { topProducts: (_: unknown, args: { first?: number }) => data.products.slice(0, args.first ?? 5) },
        Product: { __resolveReference: (ref: Ref) => data.products.find((p) => p.upc === ref.upc) ?? null },
      };
    case 'reviews':
      return {
        Review: {
          __resolveReference: (ref: Ref) => data.reviews.find((r) => r.id === ref.id) ?? null,
          product: (review: ReviewRow) => ({ upc: review.productUpc }),
          author: () => ({ id: '1', username: 'urigo', reviews: firstTwoReviews() }),
        },
        User: { __resolveReference: (ref: Ref) => ({ id: ref.id, username: 'user', reviews: firstTwoReviews() }) },
        Product: {
          __resolveReference: (ref: Ref) => ({ upc: ref.upc }),
          reviews: (product: { upc: string }) => data.reviews.filter((r) => r.productUpc === product.upc),
        },
      };
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    memoKey?: string;
  }
}

/** One subgraph of the public benchmark; it has never listened. */
export function buildPublicSubgraphApp(name: PublicSubgraphName, data: BenchmarkData, options: { memoise?: boolean } = {}): FastifyInstance {
  const memoise = options.memoise ?? true;
  const schema = buildSubgraphSchema([{ typeDefs: parse(PUBLIC_SUBGRAPH_SDL[name]), resolvers: resolversFor(name, data) }]);
  const app = Fastify({ logger: false, bodyLimit: 4 * 1024 * 1024 });
  const answers = new Map<string, string>();
  app.decorateRequest('memoKey', undefined);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    try {
      request.memoKey = body as string;
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(Object.assign(error as Error, { statusCode: 400 }), undefined);
    }
  });
  if (memoise) {
    app.addHook('preHandler', async (request, reply) => {
      const known = request.memoKey !== undefined ? answers.get(request.memoKey) : undefined;
      if (known !== undefined) return reply.type('application/json; charset=utf-8').send(known);
    });
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.memoKey !== undefined && reply.statusCode === 200 && typeof payload === 'string' && !answers.has(request.memoKey) && answers.size < 10_000) {
        answers.set(request.memoKey, payload);
      }
      return payload;
    });
  }
  app.register(mercurius, { schema, path: '/graphql', graphiql: false });
  return app;
}
