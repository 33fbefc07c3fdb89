import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { FAST_DURATION_BUCKETS, HTTP_DURATION_BUCKETS } from '../../common/telemetry/metrics-registry';
import type { Principal } from '../../common/principal';
import { GATEWAY_ERROR_CODES } from '../errors/error-catalogue';

/** The operation gate's state (gateway/http/operation-gate.ts). */
interface GateState {
  readonly active: number;
  readonly waiting: number;
  readonly limit: number;
}

/**
 * What the gateway counts, as stages and layers report it. Every label value comes from a bounded
 * set (the policies' consumers, the schema's coordinates, the error catalogue, the supergraph's
 * subgraphs), never from what a client typed: a label per operation name or variable would let
 * any caller grow the series without limit.
 */
export interface GatewayMetrics {
  /** One answered operation: the audit's outcome, who asked, what was denied and which codes went out. */
  operation(outcome: string, principal: Principal, denials: readonly { coordinate: string; reason: string }[], errorCodes: readonly string[]): void;
  /** One subgraph fetch: the HTTP status (0 when none came) and the error code it ended in, if any. */
  subgraphFetch(subgraph: string, status: number, errorCode: string | null, seconds: number): void;
  /** One audit append as the request waited for it, group commit included. */
  auditAppend(seconds: number, ok: boolean): void;
  /** Reads the audit queue depth at each scrape. */
  watchAuditQueue(depth: () => number): void;
  /** Reads the operation gate's running and waiting operations and its current limit at each scrape. */
  watchOperationGate(state: () => GateState): void;
  /** An operation refused by a limit: depth, aliases, cost, trusted documents... (`limit` from a fixed list). */
  limitRefused(limit: string, principal: Principal): void;
  /** An operation refused by the rate limiter. */
  rateLimited(principal: Principal): void;
  supergraphReload(outcome: 'loaded' | 'refused'): void;
}

/** For when nobody can read the metrics: collecting them would be pure cost. */
export const NO_GATEWAY_METRICS: GatewayMetrics = Object.freeze({
  operation() {},
  subgraphFetch() {},
  auditAppend() {},
  watchAuditQueue() {},
  watchOperationGate() {},
  limitRefused() {},
  rateLimited() {},
  supergraphReload() {},
});

const KNOWN_CODES: ReadonlySet<string> = new Set(Object.keys(GATEWAY_ERROR_CODES));

export function createGatewayMetrics(registry: Registry, knownConsumers: ReadonlySet<string>): GatewayMetrics {
  const consumer = (principal: Principal): string =>
    !principal.authenticated ? 'anonymous' : principal.consumer && knownConsumers.has(principal.consumer) ? principal.consumer : 'unregistered';
  const code = (value: string): string => (KNOWN_CODES.has(value) ? value : 'OTHER');

  const operations = new Counter({
    name: 'gateway_operations_total',
    help: 'GraphQL operations answered, by audit outcome and consumer system',
    labelNames: ['outcome', 'consumer'],
    registers: [registry],
  });
  const graphqlErrors = new Counter({
    name: 'gateway_graphql_error_total',
    help: 'GraphQL errors sent to clients, by extensions.code (as Apollo Router\'s apollo_router_graphql_error_total)',
    labelNames: ['code'],
    registers: [registry],
  });
  const denials = new Counter({
    name: 'gateway_authorization_denials_total',
    help: 'Fields removed by authorization, by field coordinate and reason',
    labelNames: ['coordinate', 'reason'],
    registers: [registry],
  });
  const subgraphDuration = new Histogram({
    name: 'http_client_request_duration_seconds',
    help: 'Duration of subgraph requests (OpenTelemetry http.client.request.duration with subgraph.name)',
    labelNames: ['subgraph_name', 'http_response_status_code', 'error_type'],
    buckets: HTTP_DURATION_BUCKETS,
    registers: [registry],
  });
  const subgraphErrors = new Counter({
    name: 'gateway_subgraph_errors_total',
    help: 'Subgraph fetches that failed or answered GraphQL errors, by subgraph and code',
    labelNames: ['subgraph_name', 'code'],
    registers: [registry],
  });
  const auditDuration = new Histogram({
    name: 'gateway_audit_append_duration_seconds',
    help: 'Time a request waits for its audit records to be durable',
    labelNames: ['outcome'],
    buckets: FAST_DURATION_BUCKETS,
    registers: [registry],
  });
  let auditQueueDepth = (): number => 0;
  new Gauge({
    name: 'gateway_audit_queue_depth',
    help: 'Audit entries queued or being committed',
    registers: [registry],
    // Read at each scrape: nothing is done per request.
    collect() {
      this.set(auditQueueDepth());
    },
  });
  let gateState = (): GateState => ({ active: 0, waiting: 0, limit: 0 });
  const gateGauge = (name: string, help: string, read: (state: GateState) => number) => new Gauge({
    name, help, registers: [registry],
    collect() {
      this.set(read(gateState()));
    },
  });
  gateGauge('gateway_operations_running', 'GraphQL operations the operation gate has admitted and not yet finished', (s) => s.active);
  gateGauge('gateway_operations_waiting', 'GraphQL operations waiting at the operation gate, before parsing', (s) => s.waiting);
  gateGauge('gateway_operation_concurrency_limit', 'How many operations the gate admits at once now (it adapts; +Inf when OPERATION_CONCURRENCY=0)', (s) => s.limit);
  const limitRefusals = new Counter({
    name: 'gateway_limit_refusals_total',
    help: 'Operations refused by an operation limit, cost or trusted-document rule',
    labelNames: ['limit', 'consumer'],
    registers: [registry],
  });
  const rateLimitRefusals = new Counter({
    name: 'gateway_rate_limit_refusals_total',
    help: 'Operations refused by the rate limiter',
    labelNames: ['consumer'],
    registers: [registry],
  });
  const reloads = new Counter({
    name: 'gateway_supergraph_reloads_total',
    help: 'Supergraph file changes, loaded or refused',
    labelNames: ['outcome'],
    registers: [registry],
  });

  return {
    operation(outcome, principal, denied, errorCodes) {
      operations.inc({ outcome, consumer: consumer(principal) });
      for (const d of denied) denials.inc({ coordinate: d.coordinate, reason: d.reason });
      for (const c of errorCodes) graphqlErrors.inc({ code: code(c) });
    },
    subgraphFetch(subgraph, status, errorCode, seconds) {
      subgraphDuration.observe({ subgraph_name: subgraph, http_response_status_code: status ? String(status) : '', error_type: errorCode ?? '' }, seconds);
      if (errorCode) subgraphErrors.inc({ subgraph_name: subgraph, code: errorCode });
    },
    auditAppend(seconds, ok) {
      auditDuration.observe({ outcome: ok ? 'ok' : 'failed' }, seconds);
    },
    watchAuditQueue(depth) {
      auditQueueDepth = depth;
    },
    watchOperationGate(state) {
      gateState = state;
    },
    limitRefused(limit, principal) {
      limitRefusals.inc({ limit, consumer: consumer(principal) });
    },
    rateLimited(principal) {
      rateLimitRefusals.inc({ consumer: consumer(principal) });
    },
    supergraphReload(outcome) {
      reloads.inc({ outcome });
    },
  };
}
