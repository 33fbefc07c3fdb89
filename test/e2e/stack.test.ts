import { startStack, stopProcess, type Stack } from '../../scripts/stack';
import type { AgencyName } from '../../subgraphs/shared/agency';
import { postGraphQL } from '../helpers/graphql-client';
import { FAN_OUT_QUERY, PROFILE_QUERY } from '../helpers/queries';
import { seededDataDir, type SeededDataDir } from '../helpers/seeded-data-dir';
import { describeBackends, testStores, type TestStores } from '../helpers/test-stores';

type Costs = Record<string, { fetches: number; sqlQueries: number }>;

describeBackends('the stack over real HTTP (five subgraph processes and the gateway)', (backend) => {
  let data: SeededDataDir;
  let stack: Stack;
  let stores: TestStores;

  beforeAll(async () => {
    data = seededDataDir(300, 5);
    stores = testStores(backend, data.dataDir);
    await stores.publish();
    stack = await startStack({
      dataDir: data.dataDir,
      agencyDatabaseUrl: stores.agencyDatabaseUrl,
      ports: 'free',
      gatewayEnv: { EXPOSE_SUBGRAPH_COSTS: 'true', SUBGRAPH_TIMEOUT_MS: '3000' },
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await stores?.close();
    data?.remove();
  });

  it('answers a profile query with data from all five agencies in one request', async () => {
    for (const subgraph of stack.subgraphs.values()) {
      expect(subgraph.startOutput).toContain(backend === 'postgres' ? `(data ${stores.location(subgraph.name as AgencyName).databaseUrl}` : `(data ${data.dataDir}`);
    }
    // A company: non-profit schools register with civil affairs, so market regulation holds no registration for them.
    const troubled = data.institutions.find((i) => i.risk === 'TROUBLED' && i.uscc.startsWith('91'))!;
    const { status, body } = await postGraphQL<{ institution: Record<string, unknown> }>(stack.gatewayUrl, PROFILE_QUERY, { uscc: troubled.uscc });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const profile = body.data!.institution;
    expect(profile.uscc).toBe(troubled.uscc);
    expect(profile.name).toBe(troubled.name);
    expect((profile.filing as { listStatus: string }).listStatus).toBe('GREY');
    expect((profile.registration as { legalName: string }).legalName).toBe(troubled.name);
    expect(profile.prepaidCustody).not.toBeNull();
    const costs = body.extensions!.subgraphCosts as Costs;
    expect(Object.keys(costs).sort()).toEqual(['credit', 'education', 'finance', 'ip', 'market']);
  });

  it('returns null without an error for a valid but unknown USCC, and BAD_USER_INPUT for a malformed one', async () => {
    const unknown = await postGraphQL(stack.gatewayUrl, PROFILE_QUERY, { uscc: '911522010783762860' });
    expect(unknown.body).toMatchObject({ data: { institution: null } });
    expect(unknown.body.errors).toBeUndefined();
    const malformed = await postGraphQL(stack.gatewayUrl, PROFILE_QUERY, { uscc: '91152201078376286X' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(malformed.body.errors?.[0]?.message).toContain('position 18');
  });

  it('pages with cursors and refuses pages above the maximum', async () => {
    const first = await postGraphQL<{ institutions: { edges: { node: { uscc: string } }[]; pageInfo: { endCursor: string } } }>(
      stack.gatewayUrl, FAN_OUT_QUERY, { first: 10 });
    const second = await postGraphQL<typeof first.body.data & object>(stack.gatewayUrl, FAN_OUT_QUERY, {
      first: 10, after: first.body.data!.institutions.pageInfo.endCursor,
    });
    const a = first.body.data!.institutions.edges.map((e) => e.node.uscc);
    const b = (second.body.data as { institutions: { edges: { node: { uscc: string } }[] } }).institutions.edges.map((e) => e.node.uscc);
    expect(a).toHaveLength(10);
    expect(b).toHaveLength(10);
    expect([...a, ...b]).toEqual([...a, ...b].sort());
    expect(new Set([...a, ...b]).size).toBe(20);
    // Cheap enough for the cost estimate, so the subgraph's page-size check answers.
    const tooMany = await postGraphQL(stack.gatewayUrl, 'query($first: Int!) { institutions(first: $first) { edges { node { uscc } } } }', { first: 101 });
    expect(tooMany.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // A thousand rows of the fan-out is refused before any subgraph is asked.
    const expensive = await postGraphQL(stack.gatewayUrl, FAN_OUT_QUERY, { first: 1000 });
    expect(expensive.body.errors?.[0]?.extensions?.code).toBe('COST_ESTIMATED_TOO_EXPENSIVE');
  });

  it('costs the same SQL statements per subgraph for 5 institutions as for 100 (batching)', async () => {
    const costsFor = async (first: number) => {
      const { body } = await postGraphQL(stack.gatewayUrl, FAN_OUT_QUERY, { first });
      expect(body.errors).toBeUndefined();
      expect((body.data as { institutions: { edges: unknown[] } }).institutions.edges).toHaveLength(first);
      return body.extensions!.subgraphCosts as Costs;
    };
    const small = await costsFor(5);
    const large = await costsFor(100);
    expect(large).toEqual(small);
    // One fetch per subgraph; one statement per entity type and nesting level: education runs the page,
    // filing and courses; market registration and penalties; credit penalties; ip patents and
    // trademarks; finance custody.
    expect(large).toEqual({
      education: { fetches: 1, sqlQueries: 3 },
      market: { fetches: 1, sqlQueries: 2 },
      credit: { fetches: 1, sqlQueries: 1 },
      ip: { fetches: 1, sqlQueries: 2 },
      finance: { fetches: 1, sqlQueries: 1 },
    });
  });

  it('answers queries sent with GET, variables in the URL', async () => {
    const institution = data.institutions[1]!;
    const url = new URL(stack.gatewayUrl);
    url.searchParams.set('query', 'query($u: USCC!) { institution(uscc: $u) { name } }');
    url.searchParams.set('variables', JSON.stringify({ u: institution.uscc }));
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: { institution: { name: institution.name } } });
    url.searchParams.set('variables', '{not json');
    const bad = await fetch(url);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
  });

  it('serves /health and /ready, and the offline console to a browser', async () => {
    const base = stack.gatewayUrl.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(page.headers.get('content-type')).toContain('text/html');
    // No resource from anywhere but this gateway.
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('keeps answering with partial data and a named error when a subgraph is killed', async () => {
    const victim = stack.subgraphs.get('ip')!;
    await stopProcess(victim, 'SIGKILL');
    const company = data.institutions.find((i) => i.uscc.startsWith('91'))!;
    const uscc = company.uscc;
    const { status, body } = await postGraphQL<{ institution: Record<string, unknown> }>(stack.gatewayUrl, PROFILE_QUERY, { uscc });
    expect(status).toBe(200);
    expect(body.data!.institution.name).toBe(company.name);
    expect(body.data!.institution.registration).not.toBeNull();
    expect(body.data!.institution.patents).toBeNull();
    const ipErrors = (body.errors ?? []).filter((e) => e.extensions?.serviceName === 'ip');
    expect(ipErrors.length).toBeGreaterThan(0);
    expect(ipErrors[0]!.extensions!.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(ipErrors[0]!.message).toContain('"ip"');
    const ready = await fetch(stack.gatewayUrl.replace(/\/graphql$/, '/ready'));
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ subgraphs: { ip: 'unreachable', market: 'ok' } });
  });
});
