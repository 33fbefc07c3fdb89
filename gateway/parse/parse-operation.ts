import type { FastifyBaseLogger } from 'fastify';
import { getOperationAST, getVariableValues, type DocumentNode, type GraphQLSchema } from 'graphql';
import { gatewayError } from '../errors/error-catalogue';
import { toErrorBody } from '../errors/format-errors';
import {
  answer,
  proceed,
  type OperationFacts,
  type OperationRequest,
  type OperationResponse,
  type OperationText,
  type RequestedOperation,
  type SelectedOperation,
  type StageResult,
} from '../pipeline/operation';
import { createDocumentCache } from './document-cache';
import { jsonDepthExceeds, type ParserLimits } from './parser-limits';

type RequestBody = {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
  extensions?: { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | null;
  documentId?: unknown;
} | null;

/**
 * The first stage: the request body is a GraphQL request, its query parses and validates
 * against the API schema, and it names one operation the gateway serves: a query, or a mutation
 * sent with POST.
 */
export function createParseStage(schema: GraphQLSchema, options: { maxQueryBytes: number; parser: ParserLimits }, log: FastifyBaseLogger) {
  const documents = createDocumentCache(schema, options.parser);

  return {
    /** Reads the body: a bad shape is answered before any token is verified. */
    readBody(body: unknown, facts: OperationFacts): StageResult<RequestedOperation> {
      const problem = checkBodyShape(body as RequestBody, options.maxQueryBytes);
      if (problem) return answer({ status: 400, body: { errors: [gatewayError('BAD_REQUEST', problem)] } });
      const request = body as Exclude<RequestBody, null>;
      const variables = (request.variables ?? {}) as Record<string, unknown>;
      for (const [name, value] of Object.entries(variables)) {
        if (jsonDepthExceeds(value, options.parser.maxRecursion)) {
          return answer({ status: 400, body: { errors: [gatewayError('BAD_USER_INPUT', `Variable "$${name}" nests lists or objects deeper than ${options.parser.maxRecursion} levels`, { variable: name })] } });
        }
      }
      const apqHash = request.extensions?.persistedQuery?.sha256Hash as string | undefined;
      const requested: RequestedOperation = {
        query: typeof request.query === 'string' && request.query.trim() !== '' ? request.query : null,
        operationName: (request.operationName as string | null | undefined) ?? null,
        variables,
        documentId: apqHash ?? (request.documentId as string | undefined) ?? null,
        apq: apqHash !== undefined,
      };
      facts.query = requested.query ?? undefined;
      facts.operationName = requested.operationName;
      facts.variables = requested.variables;
      return proceed(requested);
    },

    /**
     * Parses (with the parser limits) and validates, each cached per query text, and picks the
     * operation to run. `beforeValidation` sees the parsed document first and may refuse it.
     */
    selectOperation(
      text: OperationText,
      method: OperationRequest['method'],
      facts: OperationFacts,
      beforeValidation?: (document: DocumentNode) => OperationResponse | null,
    ): StageResult<SelectedOperation> {
      const parsed = documents.parse(text.query);
      if (!parsed.ok) return answer({ status: 400, body: { errors: parsed.errors } });
      const refused = beforeValidation?.(parsed.document);
      if (refused) return answer(refused);
      const errors = documents.validate(parsed.document);
      if (errors.length > 0) return answer({ status: 400, body: { errors } });
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

    /**
     * Coerces the variables against the operation's definitions before anything is planned: a
     * wrong value is the client's mistake (BAD_USER_INPUT, the message naming the variable, the
     * error shaped as @apollo/gateway under Apollo Server shapes it), logged at info without a
     * stack, never an INTERNAL_SERVER_ERROR from deep inside the executor.
     */
    coerceVariables(selected: SelectedOperation, text: OperationText, requestId: string): StageResult<void> {
      const coerced = getVariableValues(schema, selected.operation.variableDefinitions ?? [], text.variables, { maxErrors: 20 });
      if (!coerced.errors) return proceed(undefined);
      const errors = coerced.errors.map((error) => toErrorBody(error, 'BAD_USER_INPUT'));
      log.info({ requestId, errors: errors.map((e) => e.message) }, 'variables refused');
      return answer({ status: 400, body: { errors } });
    },
  };
}

function checkBodyShape(body: RequestBody, maxBytes: number): string | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'Request body must be a JSON object';
  const { extensions, documentId } = body;
  if (extensions != null && (typeof extensions !== 'object' || Array.isArray(extensions))) return '"extensions" must be a JSON object';
  const persisted = extensions?.persistedQuery;
  if (persisted != null) {
    if (typeof persisted !== 'object' || Array.isArray(persisted)) return '"extensions.persistedQuery" must be a JSON object';
    if (persisted.version !== 1) return '"extensions.persistedQuery.version" must be 1';
    if (typeof persisted.sha256Hash !== 'string' || !/^[0-9a-f]{64}$/.test(persisted.sha256Hash)) {
      return '"extensions.persistedQuery.sha256Hash" must be 64 lower-case hex digits';
    }
  }
  if (documentId != null && (typeof documentId !== 'string' || documentId === '' || documentId.length > 256)) {
    return '"documentId" must be a non-empty string of at most 256 characters';
  }
  const named = persisted != null || documentId != null;
  if (body.query !== undefined && body.query !== null && typeof body.query !== 'string') return '"query" must be a string';
  if (!named && (typeof body.query !== 'string' || body.query.trim() === '')) return '"query" must be a non-empty string';
  if (typeof body.query === 'string' && Buffer.byteLength(body.query) > maxBytes) return `"query" is larger than ${maxBytes} bytes`;
  if (body.operationName != null && typeof body.operationName !== 'string') return '"operationName" must be a string';
  if (body.variables != null && (typeof body.variables !== 'object' || Array.isArray(body.variables))) {
    return '"variables" must be a JSON object';
  }
  return null;
}
