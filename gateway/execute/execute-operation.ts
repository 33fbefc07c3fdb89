import { createHash } from 'node:crypto';
import type { GatewayExecutionResult, GatewayExecutor } from '@apollo/server-gateway-interface';
import { print, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Principal } from '../../common/principal';
import { bearerToken } from '../authenticate/authenticate';
import type { OperationFacts, OperationRequest, OperationText, SelectedOperation } from '../pipeline/operation';
import type { GatewayRequestContext } from './request-context';
import { executeMutationSerially } from './serial-mutation';
import { silentLogger } from './silent-logger';

export interface ExecutedOperation {
  readonly result: GatewayExecutionResult;
  readonly subgraphCosts: GatewayRequestContext['subgraphCosts'];
}

/**
 * Plans the authorized document with @apollo/gateway and runs the plan against the subgraphs,
 * forwarding the verified token and the request id, and noting each fetch for the audit. A
 * mutation runs root field by root field (serial-mutation.ts).
 */
export function createExecuteStage(schema: GraphQLSchema, executor: GatewayExecutor, options: { exposeSubgraphCosts: boolean; auditFetches: boolean }) {
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
    const run = (planned: DocumentNode, operation: OperationDefinitionNode, source: string): Promise<GatewayExecutionResult> =>
      executor({
        request: { query: source, operationName: text.operationName ?? undefined, variables: text.variables },
        document: planned,
        source,
        queryHash: queryHash(planned),
        operationName: text.operationName,
        operation,
        schema,
        context,
        logger: silentLogger,
        metrics: { captureTraces: false },
        cache: undefined,
        overallCachePolicy: undefined,
      } as never);
    if (selected.operation.operation === 'mutation') {
      const serial = await executeMutationSerially(schema, selected, document, text.variables, (planned, operation) => run(planned, operation, print(planned)));
      facts.mutationFields = serial.fields;
      return { result: serial.result, subgraphCosts: context.subgraphCosts };
    }
    const result = await run(document, selected.operation, text.query);
    return { result, subgraphCosts: context.subgraphCosts };
  };
}
