import type { FastifyInstance } from 'fastify';
import { composePublicSupergraph, loadBenchmarkData, PUBLIC_SUBGRAPH_NAMES, TEST_QUERY, type PublicSubgraphName } from '../../bench/public/benchmark-schema';
import { referenceResponse } from '../../bench/public/benchmark-reference';
import { buildPublicSubgraphApp } from '../../bench/public/benchmark-subgraphs';
import { buildExecutorPair, type ExecutorPair } from '../../helpers/differential-executors';

/** The public benchmark's subgraphs (not memoising), its TestQuery and variations of it. */
describe('plan executor: differential against @apollo/gateway on the public benchmark', () => {
  let apps: FastifyInstance[];
  let pair: ExecutorPair;

  beforeAll(async () => {
    const data = loadBenchmarkData();
    apps = PUBLIC_SUBGRAPH_NAMES.map((name) => buildPublicSubgraphApp(name, data, { memoise: false }));
    const urls = {} as Record<PublicSubgraphName, string>;
    for (const [i, name] of PUBLIC_SUBGRAPH_NAMES.entries()) urls[name] = `${await apps[i]!.listen({ host: '127.0.0.1', port: 0 })}/graphql`;
    pair = await buildExecutorPair(composePublicSupergraph(urls), urls);
  });
  afterAll(async () => {
    await pair?.close();
    await Promise.all((apps ?? []).map((app) => app.close()));
  });

  it('answers TestQuery exactly as @apollo/gateway does and as the reference says', async () => {
    const [apollo, own] = [await pair.apollo(TEST_QUERY), await pair.own(TEST_QUERY)];
    expect(own).toEqual(apollo);
    expect(own!.data).toEqual(JSON.parse(JSON.stringify(referenceResponse(loadBenchmarkData()).data)));
    // Identical representations go once: the same fetches, fewer entities.
    expect(own!.fetches).toEqual(apollo.fetches);
  });

  it.each([
    ['root fields with arguments, aliases and __typename', '{ __typename me { id name } u2: user(id: "2") { username birthday } nobody: user(id: "99") { id } top: topProducts(first: 2) { __typename upc name } }', {}],
    ['nested entities two subgraphs deep', '{ me { reviews { id product { name shippingEstimate inStock reviews { author { username name } } } } } }', {}],
    ['variables, defaults and directives on fragments', `query V($first: Int, $withStock: Boolean!, $noBody: Boolean = false) {
      topProducts(first: $first) { ...P @include(if: $withStock) name reviews { body @skip(if: $noBody) author { id } } }
    } fragment P on Product { inStock shippingEstimate }`, { first: 3, withStock: false }],
    ['the same with the other branch', `query V($first: Int, $withStock: Boolean!, $noBody: Boolean = false) {
      topProducts(first: $first) { ...P @include(if: $withStock) name reviews { body @skip(if: $noBody) author { id } } }
    } fragment P on Product { inStock shippingEstimate }`, { first: 9, withStock: true, noBody: true }],
  ])('%s', async (_name, query, variables) => {
    const apollo = await pair.apollo(query, variables);
    const own = await pair.own(query, variables);
    expect(own).toEqual(apollo);
    expect(apollo.errors).toBeUndefined();
  });
});
