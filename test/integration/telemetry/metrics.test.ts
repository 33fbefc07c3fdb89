/**
 * /metrics of the gateway and the subgraphs after real requests over real HTTP: the figures must
 * match what the requests did (fetches, SQL statements, outcomes), and no label may carry what a
 * client chose.
 */
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { buildMetricsApp, renderRegistry } from '../../../common/telemetry/metrics-endpoint';
import { createMetricsRegistry } from '../../../common/telemetry/metrics-registry';
import { loadPolicies } from '../../../policies/load-policies';
import { AGENCY_NAMES } from '../../../subgraphs/shared/agency';
import { postGraphQL } from '../../helpers/graphql-client';
import { startInProcessGateway, type InProcessGateway } from '../../helpers/in-process-gateway';
import { parsePrometheusText, sampleSum, type Sample } from '../../helpers/prometheus-text';
import { PROFILE_QUERY } from '../../helpers/queries';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';
import { createTestKeys, type TestKeys } from '../../helpers/test-keys';

type Costs = Record<string, { fetches: number; sqlQueries: number }>;

describe('Prometheus metrics', () => {
  let data: SeededDataDir;
  let keys: TestKeys;
  let stack: InProcessGateway;
  let gatewayRegistry: Registry;
  let subgraphRegistries: Map<string, Registry>;
  let metricsApp: FastifyInstance;
  let metricsUrl: string;
  let token: string;

  beforeAll(async () => {
    data = seededDataDir(20, 8);
    keys = await createTestKeys();
    gatewayRegistry = createMetricsRegistry();
    subgraphRegistries = new Map(AGENCY_NAMES.map((name) => [name, createMetricsRegistry({ subgraph_name: name })]));
    stack = await startInProcessGateway(data.dataDir, { ...keys.env, EXPOSE_SUBGRAPH_COSTS: 'true' }, { gatewayRegistry, subgraphRegistries });
    metricsApp = buildMetricsApp(renderRegistry(gatewayRegistry));
    metricsUrl = `${await metricsApp.listen({ port: 0, host: '127.0.0.1' })}/metrics`;
    const consumer = loadPolicies().consumers.get('joint-conference')!;
    token = await keys.sign({ scope: consumer.scopes.join(' '), azp: consumer.id, sub: 'officer-8', purpose: 'JOINT_SUPERVISION_REPORT' });
  }, 60_000);

  afterAll(async () => {
    await metricsApp?.close();
    await stack?.close();
    data?.remove();
  });

  const scrape = async (): Promise<Sample[]> => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await response.text());
  };
  const scrapeSubgraph = async (name: string) => parsePrometheusText(await subgraphRegistries.get(name)!.metrics());
  const profile = (headers: Record<string, string>, operationName?: string) =>
    fetch(`${stack.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: PROFILE_QUERY, variables: { uscc: data.institutions[2]!.uscc }, operationName }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { extensions?: { subgraphCosts?: Costs }; errors?: { extensions: { code: string } }[] } }));

  it('is not served on the public listener unless configured', async () => {
    expect((await fetch(`${stack.origin}/metrics`)).status).toBe(404);
  });

  it('counts a served profile query on the gateway: HTTP, each subgraph fetch, the outcome by consumer, the audit append', async () => {
    const before = await scrape();
    const { status, body } = await profile({ authorization: `Bearer ${token}` });
    expect(status).toBe(200);
    const costs = body.extensions!.subgraphCosts!;
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => sampleSum(after, name, labels) - sampleSum(before, name, labels);
    expect(delta('http_server_request_duration_seconds_count', { http_request_method: 'POST', http_route: '/graphql', http_response_status_code: '200', error_type: '' })).toBe(1);
    for (const [subgraph, cost] of Object.entries(costs)) {
      expect(delta('http_client_request_duration_seconds_count', { subgraph_name: subgraph, http_response_status_code: '200', error_type: '' })).toBe(cost.fetches);
    }
    expect(delta('gateway_operations_total', { outcome: 'SERVED', consumer: 'joint-conference' })).toBe(1);
    expect(delta('gateway_audit_append_duration_seconds_count', { outcome: 'ok' })).toBe(1);
    expect(sampleSum(after, 'gateway_audit_queue_depth')).toBe(0);
    // The operation gate: nothing running or waiting once answered, the limit at its floor (OPERATION_CONCURRENCY's default).
    expect(sampleSum(after, 'gateway_operations_running')).toBe(0);
    expect(sampleSum(after, 'gateway_operations_waiting')).toBe(0);
    expect(sampleSum(after, 'gateway_operation_concurrency_limit')).toBe(8);
    // Node's own: the event loop is watched.
    expect(after.some((s) => s.name === 'nodejs_eventloop_lag_p99_seconds')).toBe(true);
  });

  it('counts the statements and their durations on every subgraph, as many as the subgraph reported', async () => {
    const before = new Map(await Promise.all(AGENCY_NAMES.map(async (n) => [n, await scrapeSubgraph(n)] as const)));
    const { body } = await profile({ authorization: `Bearer ${token}` });
    const costs = body.extensions!.subgraphCosts!;
    for (const name of AGENCY_NAMES) {
      const after = await scrapeSubgraph(name);
      const delta = (metric: string, labels: Record<string, string> = {}) => sampleSum(after, metric, labels) - sampleSum(before.get(name)!, metric, labels);
      expect(delta('db_client_operation_duration_seconds_count', { db_system_name: 'sqlite', subgraph_name: name })).toBe(costs[name]!.sqlQueries);
      expect(delta('subgraph_request_sql_statements_sum')).toBe(costs[name]!.sqlQueries);
      expect(delta('subgraph_request_sql_statements_count')).toBe(costs[name]!.fetches);
      expect(delta('http_server_request_duration_seconds_count', { http_route: '/graphql', http_response_status_code: '200' })).toBe(costs[name]!.fetches);
    }
    const education = await scrapeSubgraph('education');
    const methods = new Set(education.filter((s) => s.name === 'db_client_operation_duration_seconds_count').map((s) => s.labels.db_operation_name));
    expect(methods.size).toBeGreaterThan(1);
  });

  it('counts denials by coordinate and reason for an anonymous caller', async () => {
    const before = await scrape();
    const { body } = await postGraphQL(`${stack.origin}/graphql`, '{ institutions(first: 3) { edges { node { name complaints(first: 2) { id } inspections(first: 2) { id } } } } }');
    const deniedErrors = (body.errors ?? []).filter((e) => e.extensions?.code === 'UNAUTHORIZED_FIELD_OR_TYPE').length;
    expect(deniedErrors).toBeGreaterThan(0);
    const after = await scrape();
    const denials = after.filter((s) => s.name === 'gateway_authorization_denials_total' && s.labels.reason === 'NOT_AUTHENTICATED');
    expect(denials.map((s) => s.labels.coordinate).sort()).toEqual(['Institution.complaints', 'Institution.inspections']);
    // One per field removed from the document, however many list items it would have filled.
    expect(sampleSum(after, 'gateway_authorization_denials_total', { reason: 'NOT_AUTHENTICATED' }) - sampleSum(before, 'gateway_authorization_denials_total', { reason: 'NOT_AUTHENTICATED' })).toBe(2);
    expect(sampleSum(after, 'gateway_operations_total', { outcome: 'SERVED_WITH_DENIALS', consumer: 'anonymous' })).toBeGreaterThanOrEqual(1);
    expect(sampleSum(after, 'gateway_graphql_error_total', { code: 'UNAUTHORIZED_FIELD_OR_TYPE' }) - sampleSum(before, 'gateway_graphql_error_total', { code: 'UNAUTHORIZED_FIELD_OR_TYPE' })).toBe(deniedErrors);
  });

  it('never takes a label from the client: an unregistered consumer is one series, an operation name none', async () => {
    for (let i = 0; i < 3; i += 1) {
      const stranger = await keys.sign({ scope: 'credit:record:read', azp: `made-up-system-${i}`, sub: 'x' });
      await profile({ authorization: `Bearer ${stranger}` }, 'Profile');
    }
    const text = await (await fetch(metricsUrl)).text();
    expect(text).not.toContain('made-up-system');
    expect(text).not.toContain('Profile');
    expect(sampleSum(parsePrometheusText(text), 'gateway_operations_total', { consumer: 'unregistered' })).toBe(3);
  });

  it('counts a failing subgraph\'s fetches as errors of that subgraph', async () => {
    const before = await scrape();
    await stack.subgraphs.get('ip')!.close();
    const { body } = await profile({ authorization: `Bearer ${token}` });
    expect(body.errors?.some((e) => e.extensions.code === 'SUBGRAPH_UNAVAILABLE')).toBe(true);
    const after = await scrape();
    expect(sampleSum(after, 'gateway_subgraph_errors_total', { subgraph_name: 'ip', code: 'SUBGRAPH_UNAVAILABLE' }) - sampleSum(before, 'gateway_subgraph_errors_total', { subgraph_name: 'ip', code: 'SUBGRAPH_UNAVAILABLE' })).toBe(1);
    expect(sampleSum(after, 'http_client_request_duration_seconds_count', { subgraph_name: 'ip', error_type: 'SUBGRAPH_UNAVAILABLE' })).toBe(1);
    expect(sampleSum(after, 'gateway_operations_total', { outcome: 'SERVED_WITH_ERRORS', consumer: 'joint-conference' })).toBe(1);
  });
});

describe('Prometheus metrics of refusals', () => {
  let data: SeededDataDir;
  let stack: InProcessGateway;
  let registry: Registry;

  beforeAll(async () => {
    data = seededDataDir(5, 9);
    registry = createMetricsRegistry();
    stack = await startInProcessGateway(data.dataDir, { MAX_ALIASES: '2', RATE_LIMIT_REQUESTS: '4', RATE_LIMIT_WINDOW_S: '3600' }, { gatewayRegistry: registry });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    data?.remove();
  });

  it('counts operations refused by a limit, by the limit, and by the rate limiter, by consumer', async () => {
    const refused = await postGraphQL(`${stack.origin}/graphql`, '{ a: institutions(first: 1) { pageInfo { hasNextPage } } b: institutions(first: 1) { pageInfo { hasNextPage } } c: institutions(first: 1) { pageInfo { hasNextPage } } }');
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('MAX_ALIASES_LIMIT');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await postGraphQL(`${stack.origin}/graphql`, '{ institutions(first: 1) { pageInfo { hasNextPage } } }')).status);
    expect(statuses.filter((s) => s === 429).length).toBe(1);
    const samples = parsePrometheusText(await registry.metrics());
    expect(sampleSum(samples, 'gateway_limit_refusals_total', { limit: 'max_aliases', consumer: 'anonymous' })).toBe(1);
    expect(sampleSum(samples, 'gateway_limit_refusals_total')).toBe(1);
    expect(sampleSum(samples, 'gateway_rate_limit_refusals_total', { consumer: 'anonymous' })).toBe(1);
    expect(sampleSum(samples, 'gateway_graphql_error_total', { code: 'REQUEST_RATE_LIMITED' })).toBe(1);
    expect(sampleSum(samples, 'gateway_operations_total', { outcome: 'REJECTED', consumer: 'anonymous' })).toBe(2);
  });
});
