import { chinaToday } from '../../common/china-day';
import { createHmac } from 'node:crypto';
import { startStack, type Stack } from '../../scripts/stack';
import { loadPolicies } from '../../policies/load-policies';
import { postAsGateway, postGraphQL } from '../helpers/graphql-client';
import { seededDataDir, type SeededDataDir } from '../helpers/seeded-data-dir';
import { describeBackends, testStores, type TestStores } from '../helpers/test-stores';
import { createTestKeys, type TestKeys } from '../helpers/test-keys';

const QUERY = /* GraphQL */ `
  query Sensitive($uscc: USCC!) {
    institution(uscc: $uscc) {
      name
      filing { listStatus }
      complaints(first: 5) { category status }
      prepaidCustody { mode balanceCny }
      trainers(first: 2) { displayName idHash }
    }
  }
`;

function b64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

describeBackends('authorization over real HTTP: tokens verified by the gateway and by every subgraph', (backend) => {
  let stores: TestStores;
  let data: SeededDataDir;
  let keys: TestKeys;
  let stack: Stack;
  let uscc: string;
  const policies = loadPolicies();
  const scopesOf = (consumer: string) => policies.consumers.get(consumer)!.scopes.join(' ');

  beforeAll(async () => {
    data = seededDataDir(120, 9);
    stores = testStores(backend, data.dataDir);
    await stores.publish();
    keys = await createTestKeys();
    stack = await startStack({ dataDir: data.dataDir, agencyDatabaseUrl: stores.agencyDatabaseUrl, ports: 'free', env: keys.env });
    uscc = data.institutions.find((i) => i.risk === 'TROUBLED')!.uscc;
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await stores?.close();
    data?.remove();
  });

  it('serves an anonymous caller public fields only, nulling the rest with one error per path', async () => {
    const { status, body } = await postGraphQL<{ institution: Record<string, unknown> }>(stack.gatewayUrl, QUERY, { uscc });
    expect(status).toBe(200);
    const institution = body.data!.institution;
    expect(institution.name).toBeTruthy();
    expect(institution.complaints).toBeNull();
    // balanceCny is non-null, so its removal nulls the custody object: normal null propagation.
    expect(institution.prepaidCustody).toBeNull();
    expect(institution.filing).toMatchObject({ listStatus: 'GREY' });
    const paths = body.errors!.filter((e) => e.extensions?.code === 'UNAUTHORIZED_FIELD_OR_TYPE').map((e) => e.path!.join('.'));
    // A list whose item type is denied is reported at its item level ("@").
    expect(paths.sort()).toEqual(['institution.complaints.@', 'institution.prepaidCustody.balanceCny', 'institution.trainers.@.idHash'].sort());
  });

  it('serves a ministry everything its grant covers, with no errors', async () => {
    const token = await keys.sign({ scope: scopesOf('moe-supervision-platform'), azp: 'moe-supervision-platform', sub: 'officer-1' });
    const { body } = await postGraphQL<{ institution: Record<string, unknown> }>(stack.gatewayUrl, QUERY, { uscc }, { authorization: `Bearer ${token}`, 'x-purpose': 'SUPERVISION_INSPECTION' });
    const institution = body.data!.institution;
    expect(Array.isArray(institution.complaints)).toBe(true);
    expect((institution.prepaidCustody as { balanceCny: unknown }).balanceCny).toEqual(expect.any(Number));
    expect(body.errors).toBeUndefined();
  });

  it('serves conditional fields only under a purpose the consumer declared', async () => {
    const token = await keys.sign({ scope: scopesOf('moe-supervision-platform'), azp: 'moe-supervision-platform', sub: 'officer-1' });
    const ask = (headers: Record<string, string>) =>
      postGraphQL<{ institution: Record<string, unknown> }>(stack.gatewayUrl, QUERY, { uscc }, { authorization: `Bearer ${token}`, ...headers });
    for (const headers of [{}, { 'x-purpose': 'IP_PROTECTION' }, { 'x-purpose': 'NOT_A_PURPOSE' }] as Record<string, string>[]) {
      const { body } = await ask(headers);
      // complaints are CONDITIONAL: refused without a declared purpose, like any unauthorized field.
      expect(body.data!.institution.complaints).toBeNull();
      expect(body.errors!.map((e) => e.path!.join('.'))).toContain('institution.complaints.@');
      expect(body.data!.institution.name).toBeTruthy();
    }
    const declared = await ask({ 'x-purpose': 'COMPLAINT_HANDLING' });
    expect(Array.isArray(declared.body.data!.institution.complaints)).toBe(true);
  });

  it('refuses bad tokens with 401 UNAUTHENTICATED and no data, never saying why', async () => {
    const header = JSON.parse(Buffer.from((await keys.sign({})).split('.')[0]!, 'base64url').toString());
    const valid = await keys.sign({ scope: 'education:complaint:read' });
    const [h, p, s] = valid.split('.');
    const tampered = `${h}.${b64url({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), scope: 'finance:custody:read' })}.${s}`;
    const hsWithPublicKey = (() => {
      const head = b64url({ alg: 'HS256', kid: header.kid, typ: 'JWT' });
      const body = b64url({ iss: 'urn:test:issuer', aud: 'urn:test:gateway', exp: Math.floor(Date.now() / 1000) + 600, scope: 'finance:custody:read' });
      const sig = createHmac('sha256', JSON.stringify(keys.publicJwk)).update(`${head}.${body}`).digest('base64url');
      return `${head}.${body}.${sig}`;
    })();
    const attacks: Record<string, string> = {
      expired: await keys.sign({}, { expiresIn: '-5m' }),
      notYetValid: await keys.sign({}, { notBefore: '10m', expiresIn: '20m' }),
      wrongIssuer: await keys.sign({}, { issuer: 'urn:evil' }),
      wrongAudience: await keys.sign({}, { audience: 'urn:other' }),
      unknownKid: await keys.sign({}, { kid: 'rotated-away' }),
      algNone: `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ iss: 'urn:test:issuer', aud: 'urn:test:gateway', exp: 9999999999 })}.`,
      hs256WithPublicKey: hsWithPublicKey,
      tampered,
      // Over the gateway's 8 KiB token cap, under Node's 16 KiB header limit.
      oversized: `${h}.${b64url({ pad: 'x'.repeat(9_000) })}.${s}`,
      garbage: 'not-a-token',
    };
    for (const [name, token] of Object.entries(attacks)) {
      const { status, body } = await postGraphQL(stack.gatewayUrl, QUERY, { uscc }, { authorization: `Bearer ${token}` });
      expect({ name, status, code: body.errors?.[0]?.extensions?.code, data: body.data }).toEqual({ name, status: 401, code: 'UNAUTHENTICATED', data: undefined });
      expect(body.errors![0]!.message).toBe('Authentication failed');
    }
  });

  it('makes every subgraph enforce the same requirements on direct requests, _entities included', async () => {
    const finance = stack.subgraphs.get('finance')!.url + '/graphql';
    const entities = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { prepaidCustody { mode balanceCny } } } }';
    const variables = { r: [{ __typename: 'Institution', uscc }] };
    const key = stack.env.GATEWAY_PROOF_KEY as string;
    const anonymous = await postAsGateway<{ _entities: { prepaidCustody: { balanceCny: unknown } | null }[] }>(finance, 'finance', key, entities, variables);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    expect(JSON.stringify(anonymous.body.data)).not.toMatch(/balanceCny":\d/);
    const token = await keys.sign({ scope: 'finance:custody:read', azp: 'pboc-financial-supervision', purpose: 'PREPAID_FEE_SUPERVISION' });
    const scoped = await postAsGateway<{ _entities: { prepaidCustody: { balanceCny: unknown } }[] }>(finance, 'finance', key, entities, variables, { authorization: `Bearer ${token}` });
    expect(scoped.body.errors).toBeUndefined();
    expect(scoped.body.data!._entities[0]!.prepaidCustody.balanceCny).toEqual(expect.any(Number));
    const forged = await postAsGateway(finance, 'finance', key, entities, variables, { authorization: `Bearer ${await keys.sign({ scope: 'finance:custody:read' }, { issuer: 'urn:evil' })}` });
    expect(forged.status).toBe(401);
  });

  it('refuses a direct subgraph request without the gateway\'s proof, and a replayed one: the stack shares one key', async () => {
    const finance = stack.subgraphs.get('finance')!.url + '/graphql';
    const query = '{ _service { sdl } }';
    const unproven = await postGraphQL(finance, query);
    expect({ status: unproven.status, code: unproven.body.errors?.[0]?.extensions?.code }).toEqual({ status: 401, code: 'GATEWAY_PROOF_REQUIRED' });
    const proven = await postAsGateway(finance, 'finance', stack.env.GATEWAY_PROOF_KEY as string, query);
    expect(proven.status).toBe(200);
    const replayed = await fetch(finance, { method: 'POST', headers: { 'content-type': 'application/json', 'x-gateway-proof': proven.proof }, body: proven.sentBody });
    expect(replayed.status).toBe(401);
  });

  it('hides penalties outside their publicity window from callers without the owning agency scope', async () => {
    // 100 institutions x 20 penalties: inside the anonymous default cost (10 + 100 x (1 + 20) = 2110).
    const query = 'query($first: Int!) { institutions(first: $first) { edges { node { marketPenalties(first: 20) { publicityStatus publicityEnd } } } } }';
    const rows = (body: { data?: unknown }) =>
      (body.data as { institutions: { edges: { node: { marketPenalties: { publicityStatus: string; publicityEnd: string | null }[] } }[] } }).institutions.edges.flatMap((e) => e.node.marketPenalties);
    const anonymous = rows((await postGraphQL(stack.gatewayUrl, query, { first: 100 })).body);
    const today = chinaToday(new Date());
    expect(anonymous.length).toBeGreaterThan(0);
    for (const row of anonymous) {
      expect(row.publicityStatus).toBe('ACTIVE');
      if (row.publicityEnd) expect(row.publicityEnd >= today).toBe(true);
    }
    const token = await keys.sign({ scope: 'market:penalty:read', azp: 'samr-market-supervision', purpose: 'SUPERVISION_INSPECTION' });
    const scoped = rows((await postGraphQL(stack.gatewayUrl, query, { first: 100 }, { authorization: `Bearer ${token}` })).body);
    expect(scoped.length).toBeGreaterThan(anonymous.length);
    expect(scoped.some((r) => r.publicityStatus !== 'ACTIVE')).toBe(true);
  });
});
