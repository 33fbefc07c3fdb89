import type { FastifyBaseLogger } from 'fastify';
import type { GraphQLError } from 'graphql';
import { unauthorizedErrors, withDenials } from '../authorize/denial-errors';
import type { AuthorizedOperation } from '../authorize/authorize-operation';
import type { GatewayConfig } from '../config';
import { gatewayError, type GraphQLErrorBody } from '../errors/error-catalogue';
import { toErrorBody } from '../errors/format-errors';
import { createHiddenNameScrubber } from '../errors/hidden-names';
import type { ExecutedOperation } from '../execute/execute-operation';
import type { OperationRequest, OperationResponse, OperationText } from '../pipeline/operation';
import { applyDenials } from './apply-denials';

/**
 * Turns the executor's result into what the client receives: every error with a code (an unknown
 * one is a bug, masked and logged; a subgraph's keeps its own, less any hidden name), denied fields
 * back as nulls with null propagation, and one error per denied path.
 */
export function createShapeStage(config: GatewayConfig['authorization'], log: FastifyBaseLogger, hiddenNames: readonly string[]) {
  const scrub = createHiddenNameScrubber(hiddenNames);
  const format = (request: OperationRequest, error: GraphQLError): GraphQLErrorBody => {
    const formatted = toErrorBody(error, 'INTERNAL_SERVER_ERROR');
    if (typeof formatted.extensions.serviceName === 'string') return scrub(formatted);
    if (formatted.extensions.code !== 'INTERNAL_SERVER_ERROR') return formatted;
    log.error({ requestId: request.requestId, err: error }, 'unexpected gateway error');
    return gatewayError('INTERNAL_SERVER_ERROR', 'Internal server error');
  };

  return (request: OperationRequest, text: OperationText, authorized: AuthorizedOperation, executed: ExecutedOperation): OperationResponse => {
    const { result } = executed;
    // A value the library could not complete (e.g. an enum value the API schema lacks) is a field
    // error, which the spec puts in `errors`; the library reports it in `extensions.valueCompletion`.
    const completion = (result.extensions?.valueCompletion ?? []) as GraphQLError[];
    const errors = [...(result.errors ?? []), ...completion].map((error) => format(request, error));
    const body: OperationResponse['body'] = {};
    if (errors.length) body.errors = errors;
    // Variable coercion failures come back before execution, without data.
    if (result.data !== undefined) body.data = (result.data as Record<string, unknown> | null) ?? null;
    if (executed.subgraphCosts) body.extensions = { subgraphCosts: executed.subgraphCosts };
    const status = result.data === undefined && errors.length > 0 ? 400 : 200;
    const { denied } = authorized;
    if (denied.length === 0) return { status, body };
    if (!config.dryRun && body.data !== undefined) body.data = applyDenials(body.data, denied, text.variables);
    return { status, body: withDenials(body, unauthorizedErrors(denied, text.variables), config.errors) };
  };
}
