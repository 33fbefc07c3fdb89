import type { FastifyBaseLogger } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { gatewayError } from '../errors/error-catalogue';
import type { OperationFacts, OperationRequest, OperationResponse } from '../pipeline/operation';
import type { AuditRecorder } from './audit-recorder';
import { createOperationAuditor } from './operation-records';

/**
 * The last stage: the operation's record is durable before its answer leaves. When they
 * cannot be written, an authenticated caller (who may be about to receive non-public data) gets
 * 503 and nothing else, and so does any mutation; an anonymous query only ever sees public data
 * and is still answered.
 */
export function createAuditStage(schema: GraphQLSchema, audit: AuditRecorder, clientHashKey: string, log: FastifyBaseLogger) {
  const auditor = createOperationAuditor(schema, clientHashKey);
  return async (request: OperationRequest, facts: OperationFacts, response: OperationResponse): Promise<OperationResponse> => {
    try {
      await audit.record([auditor.record(request, facts, response)]);
      return response;
    } catch (error) {
      log.error({ requestId: request.requestId, err: error }, 'audit record could not be written');
      // A write is never acknowledged without its record, whoever asked for it.
      if (!facts.principal.authenticated && facts.operationType !== 'mutation') return response;
      return { status: 503, body: { data: null, errors: [gatewayError('AUDIT_UNAVAILABLE', 'The audit log is unavailable; the request was not served')] } };
    }
  };
}
