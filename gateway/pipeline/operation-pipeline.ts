import type { GatewayExecutor } from '@apollo/server-gateway-interface';
import type { FastifyBaseLogger } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { TokenVerifier } from '../../common/auth/token-verifier';
import { ANONYMOUS, type Principal } from '../../common/principal';
import type { Consumer } from '../../policies/load-policies';
import { createAuditStage } from '../audit/audit-operation';
import type { AuditRecorder } from '../audit/audit-recorder';
import { createAuthenticateStage } from '../authenticate/authenticate';
import { createAuthorizeStage } from '../authorize/authorize-operation';
import type { PolicyEvaluator } from '../authorize/policy-module';
import type { GatewayConfig } from '../config';
import { createDemandControl } from '../cost/demand-control';
import { createExecuteStage } from '../execute/execute-operation';
import { fieldsRequiredWithArguments } from '../execute/private-aliases';
import { createLimitsStage } from '../limits/operation-limits';
import type { PlanExecutor } from '../execute/plan/plan-executor';
import { createParseStage } from '../parse/parse-operation';
import type { CallerLimits } from '../../policies/caller-limits';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import { introspectionUse } from '../schema-exposure/introspection-fields';
import { createSchemaExposure } from '../schema-exposure/schema-exposure';
import { hiddenElementNames } from '../errors/hidden-names';
import { createShapeStage } from '../shape/shape-response';
import type { PreparedSupergraph } from '../supergraph/prepare-supergraph';
import { instrumentAuditRecorder, observeOperation, tracedStage, type GatewayTelemetry } from '../telemetry/gateway-telemetry';
import { createTrustedDocuments } from '../trusted-documents/trusted-documents';
import type { OperationFacts, OperationRequest, OperationResponse } from './operation';

export interface PipelineDeps {
  readonly schema: GraphQLSchema;
  readonly executor: GatewayExecutor;
  /** Our executor of query plans; null runs every plan on @apollo/gateway's (`EXECUTOR=apollo`). */
  readonly planExecutor: PlanExecutor | null;
  readonly supergraph: PreparedSupergraph;
  readonly config: GatewayConfig;
  readonly tokenVerifier: TokenVerifier;
  /** Decides `@policy` policies; null when no policy module is configured (then the supergraph has none). */
  readonly policies: PolicyEvaluator | null;
  readonly log: FastifyBaseLogger;
  /** Where every operation is recorded; null only when audit is switched off (benchmarks). */
  readonly audit: AuditRecorder | null;
  readonly clientHashKey: string;
  /** Consumers with their limits and registered operations (policies/consumers.json). */
  readonly consumers: ReadonlyMap<string, Consumer>;
  /** Each caller's limits: the defaults, overridden by its consumer's (gateway/limits/caller-limits.ts). */
  readonly limitsFor: (principal: Principal) => CallerLimits;
  /** The gateway's one rate limiter (the access log counts against the same budgets); null when switched off. */
  readonly rateLimiter: RateLimiter | null;
  /** Metrics and spans; stages are wrapped here, once, never inside a stage. */
  readonly telemetry: GatewayTelemetry;
}

/**
 * One GraphQL request, stage by stage: parse, authenticate, rate limit, trusted documents,
 * limits (before validation), authorize, cost, plan and execute, shape, audit. Any stage may
 * answer the request itself (a refusal); the audit stage sees every answer.
 */
export function createOperationPipeline(deps: PipelineDeps): (request: OperationRequest) => Promise<OperationResponse> {
  const { schema, config, log, telemetry } = deps;
  const parse = createParseStage(schema, { maxQueryBytes: config.maxQueryBytes, parser: config.parser }, log);
  // Spans wrap stages here, once; with tracing off these are the stages themselves.
  const selectOperation = tracedStage(telemetry, 'parse_query', parse.selectOperation);
  const authenticate = tracedStage(telemetry, 'authentication', createAuthenticateStage(deps.tokenVerifier, log));
  const { limitsFor, rateLimiter } = deps;
  const trustedDocuments = createTrustedDocuments(config.trustedDocuments, deps.consumers, config.parser);
  const operationLimits = createLimitsStage({ warnOnly: config.limits.warnOnly, maxRecursion: config.parser.maxRecursion }, log);
  const exposure = createSchemaExposure(schema, deps.supergraph.requirements, { introspection: config.introspection, authorizationEnabled: config.authorization.enabled, policies: deps.policies });
  const authorize = tracedStage(telemetry, 'authorization', createAuthorizeStage(schema, deps.supergraph.requirements, config.authorization, deps.policies));
  const demandControl = createDemandControl(schema, deps.supergraph.costs, config.cost, log);
  const execute = tracedStage(telemetry, 'execution', createExecuteStage(schema, deps.executor, deps.planExecutor, {
    exposeSubgraphCosts: config.exposeSubgraphCosts,
    auditFetches: deps.audit !== null,
    requiredWithArguments: fieldsRequiredWithArguments(deps.supergraph.executableSdl, schema),
  }));
  const shape = createShapeStage(config.authorization, log, hiddenElementNames(deps.supergraph.executableSdl, schema));
  const audit = deps.audit ? createAuditStage(schema, instrumentAuditRecorder(telemetry, deps.audit), deps.clientHashKey, log) : null;

  async function respond(request: OperationRequest, facts: OperationFacts, headers: Record<string, string>): Promise<OperationResponse> {
    const requested = parse.readBody(request.body, facts);
    if (!requested.ok) return requested.response;
    const principal = await authenticate(request, facts);
    // A token that did not verify counts against its address's anonymous budget: guessing tokens is rate limited too.
    const caller = principal.ok ? principal.value : ANONYMOUS;
    const limits = limitsFor(caller);
    const admitted = rateLimiter ? await rateLimiter.admit(caller, request.clientAddress, limits) : null;
    if (admitted) Object.assign(headers, admitted.admission.headers);
    if (admitted?.refusal) {
      facts.rateLimited = 'requests';
      return admitted.refusal;
    }
    if (!principal.ok) return principal.response;
    const text = trustedDocuments.resolve(requested.value, principal.value, facts);
    if (!text.ok) return text.response;
    const selected = selectOperation(text.value, request.method, facts, (document) =>
      exposure.refuseIntrospection(document, principal.value) ??
      trustedDocuments.checkSafelist(document, principal.value, facts, introspectionUse(document).only) ??
      operationLimits(document, text.value.operationName, limits, facts, request.requestId));
    if (!selected.ok) return exposure.redact(selected.response, principal.value);
    const coerced = parse.coerceVariables(selected.value, text.value, request.requestId);
    if (!coerced.ok) return coerced.response;
    const introspected = await exposure.answerIntrospection(text.value, selected.value, principal.value);
    if (introspected) return introspected;
    const authorized = await authorize(text.value, selected.value, principal.value, facts);
    if (!authorized.ok) return authorized.response;
    const document = authorized.value.document;
    const priced = demandControl.estimate(document, selected.value.operation, text.value.variables, limits.maxCost, facts, request.requestId);
    if (priced.refusal) return priced.refusal;
    if (rateLimiter && admitted) {
      const charged = await rateLimiter.charge(admitted.admission, priced.estimated, limits);
      Object.assign(headers, charged.headers);
      if (charged.refusal) {
        facts.rateLimited = 'cost';
        return charged.refusal;
      }
    }
    const executed = await execute(request, text.value, selected.value, document, principal.value, facts);
    demandControl.measure(document, selected.value.operation, executed.result.data, facts);
    return shape(request, text.value, authorized.value, executed);
  }

  return async (request) => {
    const facts: OperationFacts = { started: performance.now(), principal: ANONYMOUS, fetches: [] };
    const headers: Record<string, string> = {};
    const answered = await respond(request, facts, headers);
    const withHeaders = { ...answered, headers: { ...headers, ...answered.headers } };
    const response = errorsFirst(audit ? await audit(request, facts, withHeaders) : withHeaders);
    observeOperation(telemetry, facts, response);
    return response;
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
