import type { GatewayExecutor } from '@apollo/server-gateway-interface';
import type { FastifyBaseLogger } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { TokenVerifier } from '../../common/auth/token-verifier';
import { ANONYMOUS } from '../../common/principal';
import { createAuditStage } from '../audit/audit-operation';
import type { AuditRecorder } from '../audit/audit-recorder';
import { createAuthenticateStage } from '../authenticate/authenticate';
import { createAuthorizeStage } from '../authorize/authorize-operation';
import type { PolicyEvaluator } from '../authorize/policy-module';
import type { GatewayConfig } from '../config';
import { createExecuteStage } from '../execute/execute-operation';
import { fieldsRequiredWithArguments } from '../execute/private-aliases';
import { createParseStage } from '../parse/parse-operation';
import { hiddenElementNames } from '../errors/hidden-names';
import { createShapeStage } from '../shape/shape-response';
import type { PreparedSupergraph } from '../supergraph/prepare-supergraph';
import type { OperationFacts, OperationRequest, OperationResponse } from './operation';

export interface PipelineDeps {
  readonly schema: GraphQLSchema;
  readonly executor: GatewayExecutor;
  readonly supergraph: PreparedSupergraph;
  readonly config: GatewayConfig;
  readonly tokenVerifier: TokenVerifier;
  /** Decides `@policy` policies; null when no policy module is configured (then the supergraph has none). */
  readonly policies: PolicyEvaluator | null;
  readonly log: FastifyBaseLogger;
  /** Where every operation is recorded; null only when audit is switched off (benchmarks). */
  readonly audit: AuditRecorder | null;
  readonly clientHashKey: string;
}

/**
 * One GraphQL request, stage by stage: parse, authenticate, authorize, plan and execute, shape,
 * audit. Any stage may answer the request itself (a refusal); the audit stage sees every answer.
 */
export function createOperationPipeline(deps: PipelineDeps): (request: OperationRequest) => Promise<OperationResponse> {
  const { schema, config, log } = deps;
  const parse = createParseStage(schema, { maxQueryBytes: config.maxQueryBytes });
  const authenticate = createAuthenticateStage(deps.tokenVerifier, log);
  const authorize = createAuthorizeStage(schema, deps.supergraph.requirements, config.authorization, deps.policies);
  const execute = createExecuteStage(schema, deps.executor, {
    exposeSubgraphCosts: config.exposeSubgraphCosts,
    auditFetches: deps.audit !== null,
    requiredWithArguments: fieldsRequiredWithArguments(deps.supergraph.executableSdl, schema),
  });
  const shape = createShapeStage(config.authorization, log, hiddenElementNames(deps.supergraph.executableSdl, schema));
  const audit = deps.audit ? createAuditStage(schema, deps.audit, deps.clientHashKey, log) : null;

  async function respond(request: OperationRequest, facts: OperationFacts): Promise<OperationResponse> {
    const text = parse.readBody(request.body, facts);
    if (!text.ok) return text.response;
    const principal = await authenticate(request, facts);
    if (!principal.ok) return principal.response;
    const selected = parse.selectOperation(text.value, request.method, facts);
    if (!selected.ok) return selected.response;
    const authorized = await authorize(text.value, selected.value, principal.value, facts);
    if (!authorized.ok) return authorized.response;
    const executed = await execute(request, text.value, selected.value, authorized.value.document, principal.value, facts);
    return shape(request, text.value, authorized.value, executed);
  }

  return async (request) => {
    const facts: OperationFacts = { started: performance.now(), principal: ANONYMOUS, fetches: [] };
    const response = await respond(request, facts);
    return errorsFirst(audit ? await audit(request, facts, response) : response);
  };
}

/**
 * `errors` before `data`, as @apollo/gateway answers (and as the spec suggests, so a reader sees
 * them first): with the same content, the same bytes.
 */
function errorsFirst(response: OperationResponse): OperationResponse {
  const { errors, data, extensions } = response.body;
  const body: OperationResponse['body'] = {};
  if (errors !== undefined) body.errors = errors;
  if (data !== undefined) body.data = data;
  if (extensions !== undefined) body.extensions = extensions;
  return { ...response, body };
}
