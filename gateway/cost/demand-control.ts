import type { FastifyBaseLogger } from 'fastify';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { CostMode } from '../config';
import { gatewayError } from '../errors/error-catalogue';
import type { OperationFacts, OperationResponse } from '../pipeline/operation';
import { actualCost } from './actual-cost';
import type { CostDirectives } from './cost-directives';
import { estimateCost, type CostModel } from './estimate-cost';

/**
 * Demand control: before planning, the authorized document's static cost estimate against the
 * caller's maximum (`enforce` refuses, `measure` only records); after execution, the cost of what
 * was served. Both go into the audit record.
 */
export function createDemandControl(schema: GraphQLSchema, costs: CostDirectives, options: { mode: CostMode; listSize: number }, log: FastifyBaseLogger) {
  const model: CostModel = { schema, costs, defaultListSize: options.listSize };
  // Without variables an operation's estimate is a function of the (cached) document alone: walked
  // once, not for every request (1.9 % of the gateway's CPU on the public benchmark's TestQuery).
  const constant = new WeakMap<DocumentNode, WeakMap<OperationDefinitionNode, number>>();
  const estimateOf = (document: DocumentNode, operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>>): number => {
    if (operation.variableDefinitions?.length) return estimateCost(model, document, operation, variables);
    let byOperation = constant.get(document);
    if (!byOperation) {
      byOperation = new WeakMap();
      constant.set(document, byOperation);
    }
    let estimated = byOperation.get(operation);
    if (estimated === undefined) {
      estimated = estimateCost(model, document, operation, variables);
      byOperation.set(operation, estimated);
    }
    return estimated;
  };
  return {
    estimate(document: DocumentNode, operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>>, max: number, facts: OperationFacts, requestId: string): { estimated: number; refusal: OperationResponse | null } {
      const estimated = estimateOf(document, operation, variables);
      facts.cost = { estimated, max, mode: options.mode };
      if (estimated <= max) return { estimated, refusal: null };
      log.warn({ requestId, consumer: facts.principal.consumer, estimated, max, mode: options.mode }, 'operation estimated above the caller\'s maximum cost');
      if (options.mode === 'measure') return { estimated, refusal: null };
      return {
        estimated,
        refusal: {
          status: 400,
          body: { errors: [gatewayError('COST_ESTIMATED_TOO_EXPENSIVE', `query estimated cost ${estimated} exceeded configured maximum ${max}`, { cost: { estimated, max } })] },
        },
      };
    },

    measure(document: DocumentNode, operation: OperationDefinitionNode, data: unknown, facts: OperationFacts): void {
      if (facts.cost) facts.cost.actual = actualCost(model, document, operation, data);
    },
  };
}
