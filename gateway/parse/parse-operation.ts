import { getOperationAST, type GraphQLSchema } from 'graphql';
import { gatewayError } from '../errors/error-catalogue';
import { answer, proceed, type OperationFacts, type OperationRequest, type OperationText, type SelectedOperation, type StageResult } from '../pipeline/operation';
import { createDocumentCache } from './document-cache';

type RequestBody = { query?: unknown; operationName?: unknown; variables?: unknown } | null;

/**
 * The first stage: the request body is a GraphQL request, its query parses and validates
 * against the API schema, and it names one operation the gateway serves: a query, or a mutation
 * sent with POST.
 */
export function createParseStage(schema: GraphQLSchema, options: { maxQueryBytes: number }) {
  const documents = createDocumentCache(schema);

  return {
    /** Reads the body: a bad shape is answered before any token is verified. */
    readBody(body: unknown, facts: OperationFacts): StageResult<OperationText> {
      const problem = checkBodyShape(body as RequestBody, options.maxQueryBytes);
      if (problem) return answer({ status: 400, body: { errors: [gatewayError('BAD_REQUEST', problem)] } });
      const { query, operationName, variables } = body as { query: string; operationName?: string | null; variables?: Record<string, unknown> | null };
      const text: OperationText = { query, operationName: operationName ?? null, variables: variables ?? {} };
      facts.query = text.query;
      facts.operationName = text.operationName;
      facts.variables = text.variables;
      return proceed(text);
    },

    /** Parses and validates (cached per query text) and picks the operation to run. */
    selectOperation(text: OperationText, method: OperationRequest['method'], facts: OperationFacts): StageResult<SelectedOperation> {
      const parsed = documents(text.query);
      if (!parsed.ok) return answer({ status: 400, body: { errors: parsed.errors } });
      const operation = getOperationAST(parsed.document, text.operationName);
      if (!operation) {
        const message = text.operationName
          ? `Unknown operation named "${text.operationName}".`
          : 'Must provide operation name if query contains multiple operations.';
        return answer({ status: 400, body: { errors: [gatewayError('GRAPHQL_VALIDATION_FAILED', message)] } });
      }
      facts.operationType = operation.operation;
      if (operation.operation === 'subscription') {
        // @apollo/gateway cannot execute them, and nothing here would keep one open.
        return answer({ status: 400, body: { errors: [gatewayError('SUBSCRIPTION_NOT_SUPPORTED', 'Subscriptions are not supported by this gateway; use a query or a mutation')] } });
      }
      if (operation.operation === 'mutation' && method === 'GET') {
        // GraphQL over HTTP: GET must be safe, so a mutation is refused before anything runs.
        return answer({
          status: 405,
          headers: { allow: 'POST' },
          body: { errors: [gatewayError('MUTATION_FORBIDDEN', 'Mutations can only be sent over HTTP POST')] },
        });
      }
      return proceed({ document: parsed.document, operation });
    },
  };
}

function checkBodyShape(body: RequestBody, maxBytes: number): string | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'Request body must be a JSON object';
  if (typeof body.query !== 'string' || body.query.trim() === '') return '"query" must be a non-empty string';
  if (Buffer.byteLength(body.query) > maxBytes) return `"query" is larger than ${maxBytes} bytes`;
  if (body.operationName != null && typeof body.operationName !== 'string') return '"operationName" must be a string';
  if (body.variables != null && (typeof body.variables !== 'object' || Array.isArray(body.variables))) {
    return '"variables" must be a JSON object';
  }
  return null;
}
