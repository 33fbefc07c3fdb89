/**
 * Traces of real requests: five real subgraphs and the gateway in this process, over real HTTP,
 * so the subgraphs' spans join the gateway's only through the traceparent header on the wire.
 */
import { loadPolicies } from '../../../policies/load-policies';
import { postGraphQL } from '../../helpers/graphql-client';
import { startInProcessGateway, type InProcessGateway } from '../../helpers/in-process-gateway';
import { childrenOf, isServer, parentId, spanId, startMemoryTracing, traceId, type MemoryTracing } from '../../helpers/memory-tracing';
import { PROFILE_QUERY } from '../../helpers/queries';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';
import { createTestKeys, type TestKeys } from '../../helpers/test-keys';

type Costs = Record<string, { fetches: number; sqlQueries: number }>;

describe('OpenTelemetry traces of a profile query', () => {
  let data: SeededDataDir;
  let keys: TestKeys;
  let tracing: MemoryTracing;
  let stack: InProcessGateway;
  let untraced: InProcessGateway;
  let apollo: InProcessGateway;
  let token: string;

  beforeAll(async () => {
    data = seededDataDir(20, 7);
    keys = await createTestKeys();
    tracing = startMemoryTracing();
    const env = { ...keys.env, EXPOSE_SUBGRAPH_COSTS: 'true' };
    stack = await startInProcessGateway(data.dataDir, env, { gatewayTracer: tracing.tracer, subgraphTracer: tracing.tracer });
    apollo = await startInProcessGateway(data.dataDir, { ...env, EXECUTOR: 'apollo' }, { gatewayTracer: tracing.tracer, subgraphTracer: tracing.tracer });
    untraced = await startInProcessGateway(data.dataDir, { ...env, AUDIT_DIR: `${data.dataDir}/audit-untraced` }, { subgraphTracer: tracing.tracer });
    const consumer = loadPolicies().consumers.get('joint-conference')!;
    token = await keys.sign({ scope: consumer.scopes.join(' '), azp: consumer.id, sub: 'officer-7', purpose: 'JOINT_SUPERVISION_REPORT' });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await untraced?.close();
    await apollo?.close();
    await tracing?.shutdown();
    data?.remove();
  });

  beforeEach(() => tracing.reset());

  const profile = (origin: string, headers: Record<string, string> = {}) =>
    postGraphQL(`${origin}/graphql`, PROFILE_QUERY, { uscc: data.institutions[3]!.uscc }, { authorization: `Bearer ${token}`, ...headers });

  it('shows the stages, one subgraph span per fetch, and under each the subgraph\'s own request, resolver and SQL spans', async () => {
    const { status, body } = await profile(stack.origin);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const costs = body.extensions!.subgraphCosts as Costs;
    const spans = tracing.spans();
    const roots = spans.filter((s) => !parentId(s));
    expect(roots.map((s) => s.name)).toEqual(['POST /graphql']);
    const root = roots[0]!;
    expect(spans.every((s) => traceId(s) === traceId(root))).toBe(true);
    expect(root.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.response.status_code': 200, 'graphql.operation.name': 'Profile', 'graphql.operation.type': 'query', 'gateway.outcome': 'SERVED', 'gateway.consumer': 'joint-conference' });
    expect(childrenOf(spans, root).map((s) => s.name).sort()).toEqual(['audit_append', 'authentication', 'authorization', 'execution', 'parse_query']);
    const named = (name: string) => spans.filter((s) => s.name === name);
    const execution = named('execution')[0]!;
    // Planning, this query's first time, under the execution stage.
    expect(named('query_planning').map(parentId)).toEqual([spanId(execution)]);
    const subgraphSpans = named('subgraph');
    const fetchCount = Object.values(costs).reduce((n, c) => n + c.fetches, 0);
    expect(subgraphSpans).toHaveLength(fetchCount);
    expect(fetchCount).toBeGreaterThanOrEqual(5);
    for (const [subgraph, cost] of Object.entries(costs)) {
      const mine = subgraphSpans.filter((s) => s.attributes['subgraph.name'] === subgraph);
      expect(mine).toHaveLength(cost.fetches);
      let sql = 0;
      for (const fetch of mine) {
        expect(fetch.attributes['http.response.status_code']).toBe(200);
        expect(parentId(fetch)).toBe(spanId(execution));
        // The subgraph continued the trace from the traceparent the gateway sent: one server span.
        const [server, ...others] = childrenOf(spans, fetch);
        expect(others).toHaveLength(0);
        expect(server!.name).toBe('POST /graphql');
        expect(isServer(server!)).toBe(true);
        const inside = childrenOf(spans, server!);
        expect(inside.some((s) => s.name.startsWith('graphql.resolve '))).toBe(true);
        const statements = inside.filter((s) => s.attributes['db.system.name'] === 'sqlite');
        expect(statements.every((s) => s.name === `sqlite ${s.attributes['db.operation.name']}`)).toBe(true);
        sql += statements.length;
      }
      expect(sql).toBe(cost.sqlQueries);
    }
    expect(named('graphql.resolve Query.institution')).toHaveLength(1);
    expect(named('graphql.resolve Query._entities').length).toBe(fetchCount - 1);
  });

  it('shows @apollo/gateway\'s own spans where its executor runs the plan (EXECUTOR=apollo)', async () => {
    const { status, body } = await profile(apollo.origin);
    expect(status).toBe(200);
    const costs = body.extensions!.subgraphCosts as Costs;
    const spans = tracing.spans();
    const byId = new Map(spans.map((s) => [spanId(s), s]));
    expect(spans.filter((s) => s.name === 'gateway.plan')).toHaveLength(1);
    const fetches = spans.filter((s) => s.name === 'subgraph');
    expect(fetches).toHaveLength(Object.values(costs).reduce((n, c) => n + c.fetches, 0));
    for (const fetch of fetches) {
      expect(byId.get(parentId(fetch)!)!.name).toBe('gateway.fetch');
      expect(childrenOf(spans, fetch).map((s) => s.name)).toEqual(['POST /graphql']);
    }
  });

  it('gives each request a trace of its own, and never continues a client\'s traceparent', async () => {
    await profile(stack.origin);
    const clientTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    await profile(stack.origin, { traceparent: `00-${clientTrace}-00f067aa0ba902b7-01` });
    const roots = tracing.spans().filter((s) => !parentId(s));
    expect(roots).toHaveLength(2);
    expect(new Set(roots.map(traceId)).size).toBe(2);
    expect(roots.map(traceId)).not.toContain(clientTrace);
    // The plan was cached by the first test: no planning span this time.
    expect(tracing.spans().filter((s) => s.name === 'query_planning')).toHaveLength(0);
  });

  it('marks the stage that refused a request, and nothing runs after it', async () => {
    const { status } = await postGraphQL(`${stack.origin}/graphql`, '{ institution(uscc: ', {}, { authorization: `Bearer ${token}` });
    expect(status).toBe(400);
    const spans = tracing.spans();
    const parse = spans.find((s) => s.name === 'parse_query')!;
    expect(parse.status.code).toBe(2);
    expect(parse.attributes['graphql.error.codes']).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(spans.filter((s) => s.name === 'execution' || s.name === 'subgraph')).toHaveLength(0);
    expect(spans.find((s) => s.name === 'POST /graphql' && !parentId(s))!.attributes).toMatchObject({ 'http.response.status_code': 400, 'error.type': '400' });
  });

  it('makes no span and sends no traceparent when the gateway has no tracer', async () => {
    const { status } = await profile(untraced.origin);
    expect(status).toBe(200);
    const spans = tracing.spans();
    const ours = ['parse_query', 'authentication', 'authorization', 'execution', 'audit_append', 'subgraph'];
    expect(spans.filter((s) => ours.includes(s.name))).toHaveLength(0);
    // The (traced) subgraphs got no traceparent, so each of their requests starts a trace of its own.
    const serverSpans = spans.filter((s) => isServer(s) && s.name === 'POST /graphql');
    expect(serverSpans.length).toBeGreaterThanOrEqual(5);
    expect(serverSpans.every((s) => !parentId(s))).toBe(true);
  });
});
