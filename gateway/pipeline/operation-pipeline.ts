import type { GatewayExecutor } from '@apollo/server-gateway-interface';
import type { FastifyBaseLogger } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { TokenVerifier } from '../../common/auth/token-verifier';
import { ANONYMOUS } from '../../common/principal';
import { createAuditStage } from '../audit/audit-operation';
import type { AuditRecorder } from '../audit/audit-recorder';
import { createAuthenticateStage } from '../authenticate/authenticate';
import { createAuthorizeStage } from '../authorize/authorize-operation';
import type { GatewayConfig } from '../config';
import { createExecuteStage } from '../execute/execute-operation';
import { createParseStage } from '../parse/parse-operation';
import { createShapeStage } from '../shape/shape-response';
import type { PreparedSupergraph } from '../supergraph/prepare-supergraph';
import { instrumentAuditRecorder, observeOperation, tracedStage, type GatewayTelemetry } from '../telemetry/gateway-telemetry';
import type { OperationFacts, OperationRequest, OperationResponse } from './operation';

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
  /** Metrics and spans; stages are wrapped here, once, never inside a stage. */
  readonly telemetry: GatewayTelemetry;
}

/**
 * One GraphQL request, stage by stage: parse, authenticate, authorize, plan and execute, shape,
 * audit. Any stage may answer the request itself (a refusal); the audit stage sees every answer.
 */
export function createOperationPipeline(deps: PipelineDeps): (request: OperationRequest) => Promise<OperationResponse> {
  const { schema, config, log, telemetry } = deps;
  const parse = createParseStage(schema, { maxQueryBytes: config.maxQueryBytes });
  const selectOperation = tracedStage(telemetry, 'parse_query', parse.selectOperation);
  const authenticate = tracedStage(telemetry, 'authentication', createAuthenticateStage(deps.tokenVerifier, log));
  const authorize = tracedStage(telemetry, 'authorization', createAuthorizeStage(schema, deps.supergraph.requirements, config.authorization));
  const execute = tracedStage(telemetry, 'execution', createExecuteStage(schema, deps.executor, { exposeSubgraphCosts: config.exposeSubgraphCosts, auditFetches: deps.audit !== null }));
  const shape = createShapeStage(config.authorization, log);
  const audit = deps.audit ? createAuditStage(schema, instrumentAuditRecorder(telemetry, deps.audit), deps.clientHashKey, log) : null;

  async function respond(request: OperationRequest, facts: OperationFacts): Promise<OperationResponse> {
    const text = parse.readBody(request.body, facts);
    if (!text.ok) return text.response;
    const principal = await authenticate(request, facts);
    if (!principal.ok) return principal.response;
    const selected = selectOperation(text.value);
    if (!selected.ok) return selected.response;
    const authorized = authorize(text.value, selected.value, principal.value, facts);
    if (!authorized.ok) return authorized.response;
    const executed = await execute(request, text.value, selected.value, authorized.value.document, principal.value, facts);
    return shape(request, text.value, authorized.value, executed);
  }

  return async (request) => {
    const facts: OperationFacts = { started: performance.now(), principal: ANONYMOUS, fetches: [] };
    const answered = await respond(request, facts);
    const response = audit ? await audit(request, facts, answered) : answered;
    observeOperation(telemetry, facts, response);
    return response;
  };
}
