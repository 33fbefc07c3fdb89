/**
 * The reference answer to the public benchmark's TestQuery: the same data and the same resolver
 * behaviour as its subgraphs, executed by graphql-js over one plain (non-federated) schema.
 */
import { buildSchema, execute, parse, type ExecutionResult, type GraphQLFieldResolver, type GraphQLObjectType } from 'graphql';
import { TEST_QUERY, type BenchmarkData } from './benchmark-schema';

const MONOLITH_SDL = /* GraphQL */ `
  type Query { me: User, user(id: ID!): User, users: [User], topProducts(first: Int = 5): [Product] }
  type User { id: ID!, name: String, username: String, birthday: Int, reviews: [Review] }
  type Product { upc: String!, weight: Int, price: Int, inStock: Boolean, shippingEstimate: Int, name: String, reviews: [Review] }
  type Review { id: ID!, body: String, product: Product, author: User }
`;

export function referenceResponse(data: BenchmarkData): ExecutionResult {
  const product = (upc: string) => {
    const row = data.products.find((p) => p.upc === upc)!;
    return { ...row, inStock: data.inventory.find((i) => i.upc === upc)?.inStock ?? null, shippingEstimate: null };
  };
  const firstTwo = () => data.reviews.slice(0, 2);
  const urigo = data.users[0]!;
  const resolvers: Record<string, Record<string, GraphQLFieldResolver<any, unknown, any>>> = {
    Query: { users: () => data.users, topProducts: (_, args: { first: number }) => data.products.slice(0, args.first).map((p) => product(p.upc)) },
    User: { reviews: () => firstTwo() },
    Product: { reviews: (p: { upc: string }) => data.reviews.filter((r) => r.productUpc === p.upc) },
    Review: { product: (r: { productUpc: string }) => product(r.productUpc), author: () => urigo },
  };
  const schema = buildSchema(MONOLITH_SDL);
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName) as GraphQLObjectType;
    for (const [fieldName, resolve] of Object.entries(fields)) type.getFields()[fieldName]!.resolve = resolve;
  }
  return execute({ schema, document: parse(TEST_QUERY) }) as ExecutionResult;
}
