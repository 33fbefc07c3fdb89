import type { FastifyBaseLogger } from 'fastify';
import { unauthorizedErrors, withDenials } from '../authorize/denial-errors';
import type { AuthorizedOperation } from '../authorize/authorize-operation';
import type { GatewayConfig } from '../config';
import { gatewayError } from '../errors/error-catalogue';
import { toErrorBody } from '../errors/format-errors';
import type { ExecutedOperation } from '../execute/execute-operation';
import type { OperationRequest, OperationResponse, OperationText } from '../pipeline/operation';
import { applyDenials } from './apply-denials';

/**
 * Turns the executor's result into what the client receives: every error with a catalogue code
 * (an unknown one is a bug, masked and logged), denied fields back as nulls with null
 * propagation, and one error per denied path.
 */
export function createShapeStage(config: GatewayConfig['authorization'], log: FastifyBaseLogger) {
  return (request: OperationRequest, text: OperationText, authorized: AuthorizedOperation, executed: ExecutedOperation): OperationResponse => {
    const { result } = executed;
    const errors = (result.errors ?? []).map((error) => {
      const formatted = toErrorBody(error, 'INTERNAL_SERVER_ERROR');
      if (formatted.extensions.code !== 'INTERNAL_SERVER_ERROR') return formatted;
      log.error({ requestId: request.requestId, err: error }, 'unexpected gateway error');
      return gatewayError('INTERNAL_SERVER_ERROR', 'Internal server error');
    });
    const body: OperationResponse['body'] = { data: (result.data as Record<string, unknown> | null | undefined) ?? null };
    if (errors.length) body.errors = errors;
    if (executed.subgraphCosts) body.extensions = { subgraphCosts: executed.subgraphCosts };
    // Variable coercion failures come back before execution, without data.
    const status = result.data === undefined && errors.length > 0 ? 400 : 200;
    const { denied } = authorized;
    if (denied.length === 0) return { status, body };
    if (!config.dryRun) body.data = applyDenials(body.data ?? null, denied, text.variables);
    return { status, body: withDenials(body, unauthorizedErrors(denied, text.variables), config.errors) };
  };
}
