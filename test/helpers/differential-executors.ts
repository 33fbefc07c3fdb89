/**
 * Our plan executor and @apollo/gateway's, over the same supergraph, the same subgraph data
 * sources and the same request: what each answers, in JSON form, to compare.
 */
import { createHash } from 'node:crypto';
import { Supergraph } from '@apollo/federation-internals';
import { getOperationAST, parse, validate, type GraphQLSchema } from 'graphql';
import { ANONYMOUS } from '../../common/principal';
import { createPlanExecutor } from '../../gateway/execute/plan/plan-executor';
import type { GatewayRequestContext } from '../../gateway/execute/request-context';
import { installScalarValidation } from '../../gateway/execute/scalar-validation';
import { loadApolloExecutor } from '../../gateway/execute/apollo-executor';
import { silentLogger } from '../../gateway/execute/silent-logger';
import { SubgraphDataSource } from '../../gateway/execute/subgraph-data-source';
import { NO_TELEMETRY } from '../../gateway/telemetry/gateway-telemetry';

export interface ExecutorAnswer {
  readonly data?: unknown;
  /** Formatted as clients see them, sorted (parallel fetches may finish in any order). */
  readonly errors?: unknown[];
  readonly extensions?: unknown;
  /** Fetches per subgraph. */
  readonly fetches: Record<string, number>;
}

export interface ExecutorPair {
  readonly schema: GraphQLSchema;
  /** null when our executor hands the operation to @apollo/gateway's. */
  /** `token` is forwarded to the subgraphs as the gateway forwards a verified one. */
  own(query: string, variables?: Record<string, unknown>, operationName?: string, token?: string): Promise<ExecutorAnswer | null>;
  apollo(query: string, variables?: Record<string, unknown>, operationName?: string, token?: string): Promise<ExecutorAnswer>;
  close(): Promise<void>;
}

const json = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

function normalize(result: { data?: unknown; errors?: readonly unknown[]; extensions?: unknown }, context: GatewayRequestContext): ExecutorAnswer {
  const errors = result.errors?.map((e) => json(e)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const fetches: Record<string, number> = {};
  for (const [name, cost] of Object.entries(context.subgraphCosts ?? {})) fetches[name] = cost.fetches;
  return { data: json(result.data), ...(errors ? { errors } : {}), ...(result.extensions ? { extensions: json(result.extensions) } : {}), fetches };
}

export async function buildExecutorPair(supergraphSdl: string, urls: Readonly<Record<string, string>>, options: { timeoutMs?: number; scalars?: boolean } = {}): Promise<ExecutorPair> {
  const dataSources = new Map<string, SubgraphDataSource>();
  const { schema, executor, stop } = await loadApolloExecutor(supergraphSdl, (name, url) => {
    const dataSource = new SubgraphDataSource(name, urls[name] ?? url!, options.timeoutMs ?? 2000, NO_TELEMETRY);
    dataSources.set(name, dataSource);
    return dataSource;
  });
  if (options.scalars) installScalarValidation(schema);
  const planExecutor = createPlanExecutor(Supergraph.build(supergraphSdl), schema, dataSources, NO_TELEMETRY);
  const newContext = (token?: string): GatewayRequestContext => ({ requestId: 'differential', principal: ANONYMOUS, verifiedToken: token ?? null, subgraphCosts: {}, fetches: [] });
  const parsed = (query: string) => {
    const document = parse(query);
    const problems = validate(schema, document);
    if (problems.length) throw new Error(`test query does not validate: ${problems.map((p) => p.message).join('; ')}`);
    return document;
  };

  return {
    schema,
    async own(query, variables = {}, operationName, token) {
      const context = newContext(token);
      const running = planExecutor.execute(parsed(query), operationName ?? null, variables, context);
      return running ? normalize(await running, context) : null;
    },
    async apollo(query, variables = {}, operationName, token) {
      const context = newContext(token);
      const document = parsed(query);
      const result = await executor({
        request: { query, operationName, variables },
        document,
        source: query,
        queryHash: createHash('sha256').update(query).digest('hex'),
        operationName: operationName ?? null,
        operation: getOperationAST(document, operationName),
        schema,
        context,
        logger: silentLogger,
        metrics: { captureTraces: false },
        cache: undefined,
        overallCachePolicy: undefined,
      } as never);
      return normalize(result, context);
    },
    async close() {
      await stop();
      for (const dataSource of dataSources.values()) dataSource.close();
    },
  };
}
