import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { Registry } from 'prom-client';
import { deniedFieldsOf, outcomeOf } from '../audit/operation-records';
import type { AuditRecorder } from '../audit/audit-recorder';
import type { GraphQLErrorBody } from '../errors/error-catalogue';
import type { OperationFacts, OperationResponse } from '../pipeline/operation';
import { NO_GATEWAY_METRICS, type GatewayMetrics } from './gateway-metrics';

/**
 * The gateway's one telemetry hook: the pipeline composition, the GraphQL route and the subgraph
 * data source call it, and nothing else in the request path knows about metrics or spans. With
 * tracing off (`tracer` null) the stage wrappers are the stages themselves and no span or context
 * is ever made; with metrics off, `metrics` does nothing.
 */
export interface GatewayTelemetry {
  readonly metrics: GatewayMetrics;
  /** The registry `/metrics` renders; null when metrics are off. */
  readonly registry: Registry | null;
  readonly tracer: Tracer | null;
}

/** Neither metrics nor spans: what tools and tests that build parts of the gateway pass. */
export const NO_TELEMETRY: GatewayTelemetry = Object.freeze({ metrics: NO_GATEWAY_METRICS, registry: null, tracer: null });

/**
 * The server span of one GraphQL request (`POST /graphql`, as OpenTelemetry's HTTP conventions
 * name it). The gateway starts every trace itself: a client's `traceparent` is not trusted, so a
 * caller can neither force sampling nor hang our spans under its own.
 */
export async function traceRequest(
  telemetry: GatewayTelemetry,
  request: { readonly method: string; readonly route: string; readonly requestId: string },
  run: () => Promise<OperationResponse>,
): Promise<OperationResponse> {
  const { tracer } = telemetry;
  if (!tracer) return run();
  const span = tracer.startSpan(`${request.method} ${request.route}`, {
    kind: SpanKind.SERVER,
    // The request id links the trace to the audit record (and to x-request-id).
    attributes: { 'http.request.method': request.method, 'http.route': request.route, 'gateway.request.id': request.requestId },
  }, ROOT_CONTEXT);
  try {
    const response = await context.with(trace.setSpan(ROOT_CONTEXT, span), run);
    span.setAttribute('http.response.status_code', response.status);
    // As Apollo Router: a span is an error only when the HTTP status says so.
    if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    if (response.status >= 400) span.setAttribute('error.type', String(response.status));
    return response;
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * A pipeline stage in a span of its own (`parse_query`, `authorization`, ...), child of the
 * request's. A stage that answers the request itself (a refusal) marks its span with the codes.
 */
export function tracedStage<A extends unknown[], R>(telemetry: GatewayTelemetry, name: string, stage: (...args: A) => R): (...args: A) => R {
  const { tracer } = telemetry;
  if (!tracer) return stage;
  return (...args: A): R =>
    tracer.startActiveSpan(name, (span) => {
      let result: R;
      try {
        result = stage(...args);
      } catch (error) {
        fail(span, error);
        throw error;
      }
      if (result instanceof Promise) {
        return result.then((value: unknown) => {
          settle(span, value);
          return value;
        }, (error: unknown) => {
          fail(span, error);
          throw error;
        }) as R;
      }
      settle(span, result);
      return result;
    });
}

function settle(span: Span, result: unknown): void {
  const refusal = result as { ok?: boolean; response?: OperationResponse } | undefined;
  if (refusal?.ok === false && refusal.response) {
    const codes = [...new Set((refusal.response.body.errors ?? []).map((e) => e.extensions.code))];
    span.setAttribute('graphql.error.codes', codes);
    span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(' ') });
  }
  span.end();
}

function fail(span: Span, error: unknown): void {
  span.recordException(error as Error);
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/** Counts the answered operation and names it on the request span, once the audit has its say. */
export function observeOperation(telemetry: GatewayTelemetry, facts: OperationFacts, response: OperationResponse): void {
  if (!telemetry.tracer && telemetry.metrics === NO_GATEWAY_METRICS) return;
  const denied = deniedFieldsOf(facts);
  const outcome = outcomeOf(response, denied.length, facts.tokenRejection);
  const errors = response.body.errors ?? [];
  const codes = errors.map((e) => e.extensions.code);
  telemetry.metrics.operation(outcome, facts.principal, denied, codes);
  if (response.status >= 400) {
    for (const error of errors) {
      if (error.extensions.code === 'REQUEST_RATE_LIMITED') {
        telemetry.metrics.rateLimited(facts.principal);
        break;
      }
      const limit = limitOf(error);
      if (limit) {
        telemetry.metrics.limitRefused(limit, facts.principal);
        break;
      }
    }
  }
  if (!telemetry.tracer) return;
  const span = trace.getActiveSpan();
  if (!span) return;
  span.setAttributes({ 'gateway.outcome': outcome, 'gateway.consumer': facts.principal.consumer ?? 'anonymous' });
  const operation = facts.executed?.definitions.find((d) => d.kind === 'OperationDefinition');
  const name = facts.operationName ?? (operation && 'name' in operation ? operation.name?.value : undefined);
  if (name) span.setAttribute('graphql.operation.name', name);
  if (operation && 'operation' in operation) span.setAttribute('graphql.operation.type', operation.operation);
  if (codes.length > 0) span.setAttribute('graphql.error.codes', [...new Set(codes)]);
}

/** Refusals that carry no `extensions.limit` of their own, by code. */
const LIMIT_BY_CODE: Readonly<Record<string, string>> = {
  COST_ESTIMATED_TOO_EXPENSIVE: 'max_cost',
  QUERY_NOT_IN_SAFELIST: 'safelist',
  PERSISTED_QUERY_NOT_IN_LIST: 'safelist',
  INTROSPECTION_DISABLED: 'introspection',
};

/**
 * The limit a refusal names: the limit stages put Apollo Router's option name in
 * `extensions.limit` (max_depth, parser_max_tokens, ...). Only our own stages write it, but the
 * label is checked to be such a name all the same.
 */
function limitOf(error: GraphQLErrorBody): string | null {
  const limit = error.extensions.limit;
  if (typeof limit === 'string' && /^[a-z_]{1,40}$/.test(limit)) return limit;
  return LIMIT_BY_CODE[error.extensions.code] ?? null;
}

/** The audit recorder, timed (`gateway_audit_append_duration_seconds`) and in an `audit_append` span. */
export function instrumentAuditRecorder(telemetry: GatewayTelemetry, recorder: AuditRecorder): AuditRecorder {
  const { tracer, metrics } = telemetry;
  if (!tracer && metrics === NO_GATEWAY_METRICS) return recorder;
  return {
    record(entries) {
      const started = performance.now();
      const span = tracer?.startSpan('audit_append', { attributes: { 'gateway.audit.entries': entries.length } });
      return recorder.record(entries).then(() => {
        metrics.auditAppend((performance.now() - started) / 1000, true);
        span?.end();
      }, (error: unknown) => {
        metrics.auditAppend((performance.now() - started) / 1000, false);
        if (span) fail(span, error);
        throw error;
      });
    },
  };
}

/** One subgraph fetch being observed: the context to send it in, and its end. */
export interface FetchObservation {
  /** Run the fetch in this context, so that `traceparent` names the `subgraph` span. */
  readonly context: Context | null;
  end(status: number, errorCode: string | null): void;
}

/**
 * A `subgraph` client span (Apollo Router's name, with `subgraph.name`), child of whatever is
 * active (@apollo/gateway's `gateway.fetch`), plus `http_client_request_duration_seconds`.
 */
export function observeFetch(telemetry: GatewayTelemetry, subgraph: string, url: string): FetchObservation {
  const started = performance.now();
  const span = telemetry.tracer?.startSpan('subgraph', {
    kind: SpanKind.CLIENT,
    attributes: { 'subgraph.name': subgraph, 'http.request.method': 'POST', 'url.full': url },
  });
  return {
    context: span ? trace.setSpan(context.active(), span) : null,
    end(status, errorCode) {
      telemetry.metrics.subgraphFetch(subgraph, status, errorCode, (performance.now() - started) / 1000);
      if (!span) return;
      if (status) span.setAttribute('http.response.status_code', status);
      if (errorCode) {
        span.setAttribute('error.type', errorCode);
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode });
      }
      span.end();
    },
  };
}
