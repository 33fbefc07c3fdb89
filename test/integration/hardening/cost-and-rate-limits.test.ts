import { request } from 'node:http';
import Database from 'better-sqlite3';
import { postGraphQL } from '../../helpers/graphql-client';
import { startInProcessGateway, type InProcessGateway } from '../../helpers/in-process-gateway';
import { FAN_OUT_QUERY } from '../../helpers/queries';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';
import { createTestKeys, type TestKeys } from '../../helpers/test-keys';

/** A POST from a chosen loopback address, so that two anonymous clients can be told apart. */
function postFrom(localAddress: string, url: string, query: string, authorization?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: { errors?: { extensions: Record<string, unknown> }[] } }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ query });
    const req = request(url, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(authorization ? { authorization } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString()) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('demand control over HTTP', () => {
  let data: SeededDataDir;
  let keys: TestKeys;
  let stack: InProcessGateway;
  const operationRecord = (requestId: string | null) => {
    const db = new Database(stack.auditFile, { readonly: true });
    try {
      return JSON.parse((db.prepare("SELECT body FROM audit_log WHERE request_id = ? AND type = 'operation'").get(requestId) as { body: string }).body);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    data = seededDataDir(40, 31);
    keys = await createTestKeys();
    stack = await startInProcessGateway(data.dataDir, keys.env);
  });

  afterAll(async () => {
    await stack?.close();
    data?.remove();
  });

  it('refuses an operation estimated above the maximum before any subgraph is asked, with Router\'s code, message and extensions', async () => {
    // The scraping query, cut to the root-field limit: 20 pages of 100 institutions.
    const query = `{ ${Array.from({ length: 20 }, (_, i) => `p${i}: institutions(first: 100) { edges { node { uscc name } } }`).join(' ')} }`;
    const response = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const { status } = response;
    const body = await response.json();
    expect(status).toBe(400);
    expect(operationRecord(response.headers.get('x-request-id')).subgraphs).toEqual([]);
    expect(body).toEqual({ errors: [{
      message: 'query estimated cost 4200 exceeded configured maximum 3000',
      extensions: { cost: { estimated: 4200, max: 3000 }, code: 'COST_ESTIMATED_TOO_EXPENSIVE' },
    }] });
    // Nested lists multiply: 100 institutions x 100 courses.
    const nested = await postGraphQL(stack.gatewayUrl, '{ institutions(first: 100) { edges { node { courses(first: 100) { title } } } } }');
    expect(nested.body.errors?.[0]?.extensions?.cost).toEqual({ estimated: 10 + 100 * (2 + 100), max: 3000 });
  });

  it('records the estimate and the actual cost of what was served in the audit record', async () => {
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: FAN_OUT_QUERY, variables: { first: 100 } }),
    });
    expect(response.status).toBe(200);
    const served = ((await response.json()) as { data: { institutions: { edges: unknown[] } } }).data.institutions.edges.length;
    const { cost } = operationRecord(response.headers.get('x-request-id'));
    expect(cost).toMatchObject({ estimated: 2011, max: 3000, mode: 'enforce' });
    // 40 institutions were there to serve, not 100, and their lists are shorter than 3.
    expect(served).toBe(40);
    expect(cost.actual).toBeGreaterThan(40 * 2);
    expect(cost.actual).toBeLessThan(cost.estimated);
  });

  it('gives a consumer the larger budget its policy grants', async () => {
    const token = await keys.sign({ scope: '', azp: 'joint-conference' });
    const query = '{ institutions(first: 100) { edges { node { courses(first: 100) { title } } } } }';
    const { status, body } = await postGraphQL(stack.gatewayUrl, query, {}, { authorization: `Bearer ${token}` });
    expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
  });
});

describe('demand control in measure mode', () => {
  let data: SeededDataDir;
  let stack: InProcessGateway;

  beforeAll(async () => {
    data = seededDataDir(10, 32);
    stack = await startInProcessGateway(data.dataDir, { COST_MODE: 'measure' });
  });

  afterAll(async () => {
    await stack?.close();
    data?.remove();
  });

  it('serves what enforce would refuse and records the estimate', async () => {
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ institutions(first: 100) { edges { node { courses(first: 100) { title } } } } }' }),
    });
    expect(response.status).toBe(200);
    const db = new Database(stack.auditFile, { readonly: true });
    const row = db.prepare("SELECT body FROM audit_log WHERE request_id = ? AND type = 'operation'").get(response.headers.get('x-request-id')) as { body: string };
    db.close();
    expect(JSON.parse(row.body).cost).toMatchObject({ estimated: 10210, max: 3000, mode: 'measure' });
  });
});

describe('rate limits and quotas over HTTP', () => {
  let data: SeededDataDir;
  let keys: TestKeys;
  let stack: InProcessGateway;

  beforeAll(async () => {
    data = seededDataDir(20, 33);
    keys = await createTestKeys();
    stack = await startInProcessGateway(data.dataDir, { ...keys.env, RATE_LIMIT_REQUESTS: '5', RATE_LIMIT_COST: '2500', RATE_LIMIT_WINDOW_S: '3600' });
  });

  afterAll(async () => {
    await stack?.close();
    data?.remove();
  });

  it('answers every request with RateLimit headers, and past the budget with 429, Retry-After and REQUEST_RATE_LIMITED', async () => {
    const answers = [];
    for (let i = 0; i < 6; i += 1) answers.push(await postFrom('127.0.0.2', stack.gatewayUrl, '{ __typename }'));
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers[0]!.headers['ratelimit-policy']).toBe('"requests";q=5;w=3600, "cost";q=2500;w=3600');
    expect(answers[0]!.headers.ratelimit).toMatch(/^"requests";r=4;t=\d+, "cost";r=2500;t=\d+$/);
    const refused = answers[5]!;
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers.ratelimit).toMatch(/^"requests";r=0;t=\d+$/);
    expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'REQUEST_RATE_LIMITED', rateLimit: { policy: 'requests', limit: 5, windowS: 3600 } });
    // Another anonymous address has its own budget.
    expect((await postFrom('127.0.0.3', stack.gatewayUrl, '{ __typename }')).status).toBe(200);
  });

  it('counts requests whose token does not verify against the address\'s anonymous budget: guessing tokens ends in 429', async () => {
    const forged = `Bearer ${await (await createTestKeys()).sign({ scope: '', azp: 'joint-conference', sub: 'guess' })}`;
    const answers = [];
    for (let i = 0; i < 6; i += 1) answers.push(await postFrom('127.0.0.5', stack.gatewayUrl, '{ __typename }', forged));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429]);
    expect(answers[5]!.body.errors![0]!.extensions).toMatchObject({ code: 'REQUEST_RATE_LIMITED', rateLimit: { policy: 'requests', limit: 5 } });
    // The same address without a token shares that budget; another address does not.
    expect((await postFrom('127.0.0.5', stack.gatewayUrl, '{ __typename }')).status).toBe(429);
    expect((await postFrom('127.0.0.6', stack.gatewayUrl, '{ __typename }', forged)).status).toBe(401);
  });

  it('stops a scraper by cost: pages of the registry use up the cost quota long before the request budget', async () => {
    // 10 + 100 x (2 + 10) = 1210 each: two fit in 2500, the third does not.
    const page = '{ institutions(first: 100) { edges { node { uscc courses(first: 10) { title } } } } }';
    const first = await postFrom('127.0.0.4', stack.gatewayUrl, page);
    const second = await postFrom('127.0.0.4', stack.gatewayUrl, page);
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await postFrom('127.0.0.4', stack.gatewayUrl, page);
    expect(third.status).toBe(429);
    expect(third.body.errors![0]!.extensions).toMatchObject({ code: 'REQUEST_RATE_LIMITED', rateLimit: { policy: 'cost', limit: 2500 } });
  });

  it('counts a consumer by its id across tokens and addresses, with the budget its policy grants', async () => {
    const tokens = await Promise.all([1, 2].map((n) => keys.sign({ scope: '', azp: 'joint-conference', sub: `officer-${n}` })));
    for (let i = 0; i < 8; i += 1) {
      const { status } = await postGraphQL(stack.gatewayUrl, '{ __typename }', {}, { authorization: `Bearer ${tokens[i % 2]}` });
      expect(status).toBe(200);
    }
  });
});
