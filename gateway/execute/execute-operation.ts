import { createHash } from 'node:crypto';
import type { GatewayExecutionResult, GatewayExecutor } from '@apollo/server-gateway-interface';
import { Kind, print, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Principal } from '../../common/principal';
import { bearerToken } from '../authenticate/authenticate';
import type { OperationFacts, OperationRequest, OperationText, SelectedOperation } from '../pipeline/operation';
import type { PlanExecutor } from './plan/plan-executor';
import type { GatewayRequestContext } from './request-context';
import { createAliasRewriter } from './private-aliases';
import { executeMutationSerially } from './serial-mutation';
import { silentLogger } from './silent-logger';

export interface ExecutedOperation {
  readonly result: GatewayExecutionResult;
  readonly subgraphCosts: GatewayRequestContext['subgraphCosts'];
}

/**
 * Plans the authorized document with @apollo/query-planner and runs the plan against the
 * subgraphs, forwarding the verified token and the request id, and noting each fetch for the
 * audit: on our plan executor when one is given and it runs the plan, else on @apollo/gateway's.
 * A mutation runs root field by root field (serial-mutation.ts); selections whose response keys
 * the planner would confuse are planned under private aliases (private-aliases.ts).
 */
export function createExecuteStage(
  schema: GraphQLSchema,
  executor: GatewayExecutor,
  planExecutor: PlanExecutor | null,
  options: { exposeSubgraphCosts: boolean; auditFetches: boolean; requiredWithArguments: ReadonlySet<string> },
) {
  const rewriteAliases = createAliasRewriter(schema, options.requiredWithArguments);
  const printed = new WeakMap<DocumentNode, { source: string; hash: string }>();
  const printedOf = (document: DocumentNode): { source: string; hash: string } => {
    let entry = printed.get(document);
    if (!entry) {
      const source = print(document);
      entry = { source, hash: createHash('sha256').update(source).digest('hex') };
      printed.set(document, entry);
    }
    return entry;
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
    const run = (planned: DocumentNode, operation: OperationDefinitionNode, source: string): Promise<GatewayExecutionResult> => {
      const own = planExecutor?.execute(planned, text.operationName, text.variables, context);
      if (own) return own as Promise<GatewayExecutionResult>;
      return executor({
        request: { query: source, operationName: text.operationName ?? undefined, variables: text.variables },
        document: planned,
        source,
        queryHash: printedOf(planned).hash,
        operationName: text.operationName,
        operation,
        schema,
        context,
        logger: silentLogger,
        metrics: { captureTraces: false },
        cache: undefined,
        overallCachePolicy: undefined,
      } as never);
    };
    const rewrite = rewriteAliases(document);
    if (selected.operation.operation === 'mutation') {
      const serial = await executeMutationSerially(schema, selected, rewrite.document, text.variables, (planned, operation) => run(planned, operation, printedOf(planned).source));
      facts.mutationFields = serial.fields;
      return { result: rewrite.restore(serial.result), subgraphCosts: context.subgraphCosts };
    }
    const planned = rewrite.document;
    const operation = planned === document ? selected.operation : operationOf(planned, selected.operation);
    const result = await run(planned, operation, planned === document ? text.query : printedOf(planned).source);
    return { result: rewrite.restore(result), subgraphCosts: context.subgraphCosts };
  };
}

/** The operation of a rewritten document that corresponds to the selected one. */
function operationOf(document: DocumentNode, selected: OperationDefinitionNode): OperationDefinitionNode {
  return document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (d.name?.value ?? null) === (selected.name?.value ?? null),
  )!;
}
