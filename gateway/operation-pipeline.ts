import { createHash } from 'node:crypto';
import type { GatewayExecutor } from '@apollo/server-gateway-interface';
import { getOperationAST, print, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { FastifyBaseLogger } from 'fastify';
import { TokenRejectedError, type TokenVerifier } from '../common/auth/token-verifier';
import { ANONYMOUS } from '../common/principal';
import type { DeniedField } from './authorization/filter-operation';
import { applyDenials, unauthorizedErrors, type UnauthorizedError } from './authorization/shape-response';
import { createOperationAuthorizer } from './authorize-operation';
import type { GatewayConfig } from './config';
import { silentLogger } from './silent-logger';
import { createDocumentCache } from './document-cache';
import { gatewayError, type GraphQLErrorBody } from './errors';
import { toErrorBody } from './format-errors';
import { createOperationAuditor, type OperationFacts } from './operation-audit';
import type { AuditRecorder } from './audit/audit-recorder';
import type { GatewayRequestContext } from './request-context';
import type { PreparedSupergraph } from './supergraph';

export interface OperationRequest {
  readonly body: unknown;
  readonly authorization: string | undefined;
  readonly purpose: string | undefined;
  readonly requestId: string;
  /** The caller's network address; the audit keeps only a keyed hash of it. */
  readonly clientAddress: string;
}

export interface OperationResponse {
  readonly status: number;
  readonly body: { data?: Record<string, unknown> | null; errors?: GraphQLErrorBody[]; extensions?: Record<string, unknown> };
}

export interface PipelineDeps {
  readonly schema: GraphQLSchema;
  readonly executor: GatewayExecutor;
  readonly supergraph: PreparedSupergraph;
  readonly config: GatewayConfig;
  readonly tokenVerifier: TokenVerifier;
  readonly log: FastifyBaseLogger;
  /** Where every operation is recorded; null only when audit is switched off (benchmarks). */
  readonly audit: AuditRecorder | null;
  readonly clientHashKey: string;
}


/** Parse, authenticate, authorize, plan, execute and audit one GraphQL request. */
export function createOperationPipeline(deps: PipelineDeps): (request: OperationRequest) => Promise<OperationResponse> {
  const { schema, executor, config, tokenVerifier, log } = deps;
  const documents = createDocumentCache(schema);
  const authorize = createOperationAuthorizer(schema, deps.supergraph.requirements);
  const auditor = createOperationAuditor(schema, deps.clientHashKey);
  const hashes = new WeakMap<DocumentNode, string>();
  const queryHash = (document: DocumentNode): string => {
    let hash = hashes.get(document);
    if (!hash) {
      hash = createHash('sha256').update(print(document)).digest('hex');
      hashes.set(document, hash);
    }
    return hash;
  };

  async function execute(request: OperationRequest, facts: OperationFacts): Promise<OperationResponse> {
    const body = request.body as { query?: unknown; operationName?: unknown; variables?: unknown } | null;
    const shapeProblem = checkBodyShape(body, config.maxQueryBytes);
    if (shapeProblem) return { status: 400, body: { errors: [gatewayError('BAD_REQUEST', shapeProblem)] } };
    const query = body!.query as string;
    const operationName = (body!.operationName as string | null | undefined) ?? null;
    const variables = (body!.variables as Record<string, unknown> | null | undefined) ?? {};
    facts.query = query;
    facts.operationName = operationName;
    facts.variables = variables;

    try {
      facts.principal = await tokenVerifier.verify(request.authorization, request.purpose);
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      log.warn({ requestId: request.requestId, reason: error.reason }, 'token rejected');
      facts.tokenRejection = error.reason;
      return { status: 401, body: { errors: [gatewayError('UNAUTHENTICATED', 'Authentication failed')] } };
    }
    const principal = facts.principal;

    const parsed = documents(query);
    if (!parsed.ok) return { status: 400, body: { errors: parsed.errors } };
    const operation = getOperationAST(parsed.document, operationName);
    if (!operation) {
      const message = operationName
        ? `Unknown operation named "${operationName}".`
        : 'Must provide operation name if query contains multiple operations.';
      return { status: 400, body: { errors: [gatewayError('GRAPHQL_VALIDATION_FAILED', message)] } };
    }
    if (operation.operation !== 'query') {
      return { status: 400, body: { errors: [gatewayError('BAD_REQUEST', `Only queries are served; got a ${operation.operation}`)] } };
    }

    let document = parsed.document;
    let denied: readonly DeniedField[] = [];
    if (config.authorization.enabled) {
      const filtered = authorize(query, parsed.document, operationName, principal);
      denied = filtered.denied;
      if (denied.length > 0) {
        facts.denied = denied;
        // With the scopes held back for want of a purpose, would these fields have passed?
        if (principal.withheldScopes?.size) {
          facts.deniedWithPurpose = authorize(query, parsed.document, operationName, {
            ...principal,
            scopes: new Set([...principal.scopes, ...principal.withheldScopes]),
          }).denied;
        }
        const unauthorized = unauthorizedErrors(denied, variables);
        if (config.authorization.rejectUnauthorized) {
          return { status: 200, body: { data: null, errors: unauthorized.map((e) => ({ ...e, extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' as const } })) } };
        }
        if (filtered.empty && !config.authorization.dryRun) return { status: 200, body: withDenials({ data: null }, unauthorized, config) };
        if (!config.authorization.dryRun) document = filtered.document;
      }
    }
    facts.executed = document;
    const context: GatewayRequestContext = {
      requestId: request.requestId,
      principal,
      verifiedToken: principal.authenticated ? bearerToken(request.authorization) : null,
      subgraphCosts: config.exposeSubgraphCosts ? {} : null,
      fetches: deps.audit ? facts.fetches : null,
    };
    const result = await executor({
      request: { query, operationName: operationName ?? undefined, variables },
      document,
      source: query,
      queryHash: queryHash(document),
      operationName,
      operation,
      schema,
      context,
      logger: silentLogger,
      metrics: { captureTraces: false },
      cache: undefined,
      overallCachePolicy: undefined,
    } as never);

    const errors = (result.errors ?? []).map((error) => {
      const formatted = toErrorBody(error, 'INTERNAL_SERVER_ERROR');
      if (formatted.extensions.code === 'INTERNAL_SERVER_ERROR') {
        log.error({ requestId: request.requestId, err: error }, 'unexpected gateway error');
        return gatewayError('INTERNAL_SERVER_ERROR', 'Internal server error');
      }
      return formatted;
    });
    const responseBody: OperationResponse['body'] = { data: (result.data as Record<string, unknown> | null | undefined) ?? null };
    if (errors.length) responseBody.errors = errors;
    if (context.subgraphCosts) responseBody.extensions = { subgraphCosts: context.subgraphCosts };
    // Variable coercion failures come back before execution, without data.
    const status = result.data === undefined && errors.length > 0 ? 400 : 200;
    if (denied.length === 0) return { status, body: responseBody };
    if (!config.authorization.dryRun) responseBody.data = applyDenials(responseBody.data ?? null, denied, variables);
    return { status, body: withDenials(responseBody, unauthorizedErrors(denied, variables), config) };
  }

  return async (request) => {
    const facts: OperationFacts = { started: performance.now(), principal: ANONYMOUS, fetches: [] };
    const response = await execute(request, facts);
    if (!deps.audit) return response;
    try {
      await deps.audit.record(auditor.entries(request, facts, response));
      return response;
    } catch (error) {
      log.error({ requestId: request.requestId, err: error }, 'audit record could not be written');
      // Fail closed: what an authenticated caller receives may be non-public, and is never served unaudited.
      if (!facts.principal.authenticated) return response;
      return { status: 503, body: { data: null, errors: [gatewayError('AUDIT_UNAVAILABLE', 'The audit log is unavailable; the request was not served')] } };
    }
  };
}

/** Reports denied paths where the configuration says: in `errors`, in `extensions`, or nowhere. */
function withDenials(body: OperationResponse['body'], unauthorized: UnauthorizedError[], config: GatewayConfig): OperationResponse['body'] {
  if (unauthorized.length === 0 || config.authorization.errors === 'disabled') return body;
  if (config.authorization.errors === 'extensions') {
    return { ...body, extensions: { ...body.extensions, authorizationErrors: unauthorized } };
  }
  return { ...body, errors: [...unauthorized.map((e) => ({ ...e, extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' as const } })), ...(body.errors ?? [])] };
}

function checkBodyShape(body: { query?: unknown; operationName?: unknown; variables?: unknown } | null, maxBytes: number): string | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'Request body must be a JSON object';
  if (typeof body.query !== 'string' || body.query.trim() === '') return '"query" must be a non-empty string';
  if (Buffer.byteLength(body.query) > maxBytes) return `"query" is larger than ${maxBytes} bytes`;
  if (body.operationName != null && typeof body.operationName !== 'string') return '"operationName" must be a string';
  if (body.variables != null && (typeof body.variables !== 'object' || Array.isArray(body.variables))) {
    return '"variables" must be a JSON object';
  }
  return null;
}

function bearerToken(authorization: string | undefined): string | null {
  const match = authorization ? /^Bearer (\S+)$/i.exec(authorization.trim()) : null;
  return match ? (match[1] as string) : null;
}
