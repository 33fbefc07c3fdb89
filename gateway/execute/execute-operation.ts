import { createHash } from 'node:crypto';
import type { GatewayExecutionResult, GatewayExecutor } from '@apollo/server-gateway-interface';
import { print, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Principal } from '../../common/principal';
import { bearerToken } from '../authenticate/authenticate';
import type { OperationFacts, OperationRequest, OperationText, SelectedOperation } from '../pipeline/operation';
import type { PlanExecutor } from './plan/plan-executor';
import type { GatewayRequestContext } from './request-context';
import { silentLogger } from './silent-logger';

export interface ExecutedOperation {
  readonly result: GatewayExecutionResult;
  readonly subgraphCosts: GatewayRequestContext['subgraphCosts'];
}

/**
 * Plans the authorized document with @apollo/query-planner and runs the plan against the
 * subgraphs, forwarding the verified token and the request id, and noting each fetch for the
 * audit: on our plan executor when one is given and it runs the plan, else on @apollo/gateway's.
 */
export function createExecuteStage(
  schema: GraphQLSchema,
  executor: GatewayExecutor,
  planExecutor: PlanExecutor | null,
  options: { exposeSubgraphCosts: boolean; auditFetches: boolean },
) {
  const hashes = new WeakMap<DocumentNode, string>();
  const queryHash = (document: DocumentNode): string => {
    let hash = hashes.get(document);
    if (!hash) {
      hash = createHash('sha256').update(print(document)).digest('hex');
      hashes.set(document, hash);
    }
    return hash;
  };

  return async (
    request: OperationRequest,
    text: OperationText,
    selected: SelectedOperation,
    document: DocumentNode,
    principal: Principal,
    facts: OperationFacts,
  ): Promise<ExecutedOperation> => {
    facts.executed = document;
    const context: GatewayRequestContext = {
      requestId: request.requestId,
      principal,
      verifiedToken: principal.authenticated ? bearerToken(request.authorization) : null,
      subgraphCosts: options.exposeSubgraphCosts ? {} : null,
      fetches: options.auditFetches ? facts.fetches : null,
    };
    const own = planExecutor?.execute(document, text.operationName, text.variables, context);
    if (own) return { result: (await own) as GatewayExecutionResult, subgraphCosts: context.subgraphCosts };
    const result = await executor({
      request: { query: text.query, operationName: text.operationName ?? undefined, variables: text.variables },
      document,
      source: text.query,
      queryHash: queryHash(document),
      operationName: text.operationName,
      operation: selected.operation,
      schema,
      context,
      logger: silentLogger,
      metrics: { captureTraces: false },
      cache: undefined,
      overallCachePolicy: undefined,
    } as never);
    return { result, subgraphCosts: context.subgraphCosts };
  };
}
