import { request } from 'node:http';
import Database from 'better-sqlite3';
import { postGraphQL } from '../../helpers/graphql-client';
import { startInProcessGateway, type InProcessGateway } from '../../helpers/in-process-gateway';
import { FAN_OUT_QUERY } from '../../helpers/queries';
import { createTestDatabase, describePostgres, type TestDatabase } from '../../helpers/postgres';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';
import { createTestKeys, type TestKeys } from '../../helpers/test-keys';

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: { errors?: { extensions: Record<string, unknown> }[] } }

/** A request from a chosen loopback address, so that two anonymous clients can be told apart. */
function requestFrom(localAddress: string, method: 'GET' | 'POST', url: string, body: string | null, authorization?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { ...(body === null ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }), ...(authorization ? { authorization } : {}) };
    const req = request(url, { method, localAddress, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString()) }));
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

const postFrom = (localAddress: string, url: string, query: string, authorization?: string) => requestFrom(localAddress, 'POST', url, JSON.stringify({ query }), authorization);
const accessLogFrom = (localAddress: string, stack: InProcessGateway, authorization?: string) => requestFrom(localAddress, 'GET', `${stack.origin}/access-log`, null, authorization);

/** The operation record of one request, with the USCCs it is indexed under (what an access log finds it by). */
function auditRecord(stack: InProcessGateway, requestId: string): { outcome: string; usccs: string[]; body: Record<string, unknown> } | undefined {
  const db = new Database(stack.auditFile, { readonly: true });
  try {
    const row = db.prepare("SELECT seq, outcome, body FROM audit_log WHERE request_id = ? AND type = 'operation'").get(requestId) as { seq: number; outcome: string; body: string } | undefined;
    if (!row) return undefined;
    const usccs = (db.prepare('SELECT uscc FROM audit_uscc WHERE seq = ?').all(row.seq) as { uscc: string }[]).map((u) => u.uscc);
    return { outcome: row.outcome, usccs, body: JSON.parse(row.body) };
  } finally {
    db.close();
  }
}

/**
 * Every institution signs in through the one INSTITUTION consumer: with a budget of 5 requests, two
 * clerks of one institution spend it on GraphQL and the access log together, and are refused on
 * both, while another institution is still served on both.
 */
async function expectInstitutionsCountedApart(stack: InProcessGateway, keys: TestKeys, data: SeededDataDir): Promise<void> {
  const [a, b] = data.institutions.map((i) => i.uscc);
  const tokenFor = async (uscc: string, clerk: string) => `Bearer ${await keys.sign({ scope: 'institution:access-log:read', azp: 'institution-self-service', sub: `institution-self-service:${clerk}`, uscc })}`;
  const clerks = [await tokenFor(a!, 'clerk-1'), await tokenFor(a!, 'clerk-2')];
  const other = await tokenFor(b!, 'clerk-1');
  const spent: Answer[] = [];
  for (let i = 0; i < 3; i += 1) spent.push(await postFrom('127.0.0.20', stack.gatewayUrl, '{ __typename }', clerks[i % 2]));
  for (let i = 0; i < 2; i += 1) spent.push(await accessLogFrom('127.0.0.21', stack, clerks[i % 2]));
  expect(spent.map((s) => [s.status, s.headers.ratelimit])).toEqual([4, 3, 2].map((left) => [200, expect.stringMatching(new RegExp(`^"requests";r=${left};t=\\d+, "cost";r=\\d+;t=\\d+$`))])
    .concat([1, 0].map((left) => [200, expect.stringMatching(new RegExp(`^"requests";r=${left};t=\\d+$`))])));

  const refused = await accessLogFrom('127.0.0.21', stack, clerks[0]);
  expect(refused.status).toBe(429);
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  expect(refused.headers['ratelimit-policy']).toBe('"requests";q=5;w=3600, "cost";q=2500;w=3600');
  expect(refused.headers.ratelimit).toMatch(/^"requests";r=0;t=\d+$/);
  expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'REQUEST_RATE_LIMITED', rateLimit: { policy: 'requests', limit: 5, windowS: 3600 } });
  // Audited as /graphql audits its 429, before anything was read: no USCC, nothing served.
  expect(auditRecord(stack, refused.headers['x-request-id'] as string)).toEqual({
    outcome: 'REJECTED', usccs: [],
    body: expect.objectContaining({ operationType: 'access-log', status: 429, rateLimited: 'requests', errorCodes: ['REQUEST_RATE_LIMITED'], clientHash: null }),
  });
  expect((await postFrom('127.0.0.20', stack.gatewayUrl, '{ __typename }', clerks[1])).status).toBe(429);

  // The other institution, through the same consumer and from the same addresses, has its own budget.
  const served = await accessLogFrom('127.0.0.21', stack, other);
  expect([served.status, served.headers.ratelimit]).toEqual([200, expect.stringMatching(/^"requests";r=4;t=\d+$/)]);
  expect(auditRecord(stack, served.headers['x-request-id'] as string)).toMatchObject({ outcome: 'SERVED', usccs: [b], body: { operationType: 'access-log', status: 200 } });
  expect((await postFrom('127.0.0.20', stack.gatewayUrl, '{ __typename }', other)).status).toBe(200);
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
    // The issue's scraping query, cut to the root-field limit: 20 pages of 100 institutions.
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

  it('counts a ministry system by its consumer id across tokens and addresses, with the budget its policy grants', async () => {
    const tokens = await Promise.all([1, 2].map((n) => keys.sign({ scope: '', azp: 'joint-conference', sub: `officer-${n}` })));
    for (let i = 0; i < 8; i += 1) {
      const { status, headers } = await postFrom(`127.0.0.${10 + (i % 2)}`, stack.gatewayUrl, '{ __typename }', `Bearer ${tokens[i % 2]}`);
      // 30000 in policies/consumers.json, one budget for both officers.
      expect([status, headers.ratelimit]).toEqual([200, expect.stringMatching(new RegExp(`^"requests";r=${30000 - 1 - i};`))]);
    }
  });

  it('counts each institution by its USCC, on GraphQL and its access log together: one institution\'s flood locks out no other', async () => {
    await expectInstitutionsCountedApart(stack, keys, data);
  });

  it('counts access-log requests whose token does not verify against the address\'s anonymous budget, as on GraphQL', async () => {
    const forged = `Bearer ${await (await createTestKeys()).sign({ scope: 'institution:access-log:read', azp: 'institution-self-service', uscc: data.institutions[0]!.uscc })}`;
    const answers = [];
    for (let i = 0; i < 6; i += 1) answers.push(await accessLogFrom('127.0.0.30', stack, forged));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429]);
    expect(answers[0]!.headers.ratelimit).toMatch(/^"requests";r=4;t=\d+$/);
    expect(auditRecord(stack, answers[5]!.headers['x-request-id'] as string)).toMatchObject({
      outcome: 'UNAUTHENTICATED', body: { rateLimited: 'requests', status: 429, clientHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    // The address's GraphQL budget is the same one.
    expect((await postFrom('127.0.0.30', stack.gatewayUrl, '{ __typename }')).status).toBe(429);
  });
});

describePostgres('rate limits per institution on PostgreSQL counters', () => {
  let data: SeededDataDir;
  let keys: TestKeys;
  let database: TestDatabase;
  let stack: InProcessGateway;

  beforeAll(async () => {
    data = seededDataDir(5, 34);
    keys = await createTestKeys();
    database = await createTestDatabase();
    stack = await startInProcessGateway(data.dataDir, { ...keys.env, RATE_LIMIT_REQUESTS: '5', RATE_LIMIT_COST: '2500', RATE_LIMIT_WINDOW_S: '3600', RATE_LIMIT_DATABASE_URL: database.url });
  });

  afterAll(async () => {
    await stack?.close();
    await database?.drop();
    data?.remove();
  });

  it('counts each institution by its USCC in the shared counters, on GraphQL and its access log together', async () => {
    await expectInstitutionsCountedApart(stack, keys, data);
    const rows = await database.sql<{ key: string }>("SELECT key FROM rate_limit_counters WHERE key LIKE 'institution:%' ORDER BY key");
    expect(rows.map((r) => r.key).sort()).toEqual(data.institutions.slice(0, 2).flatMap((i) => [`institution:${i.uscc}:cost`, `institution:${i.uscc}:requests`]).sort());
  });
});
