import { GATEWAY_PROOF_HEADER, signGatewayRequest } from '../../../common/gateway-proof/gateway-proof';
import { buildApp } from '../../../subgraphs/build-app';
import { createGatewayProofVerifier } from '../../../subgraphs/shared/gateway-proof-verifier';
import { postAsGateway, postGraphQL } from '../../helpers/graphql-client';
import { startInProcessGateway, type InProcessGateway } from '../../helpers/in-process-gateway';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';
import { createTestKeys, type TestKeys } from '../../helpers/test-keys';

const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { uscc creditPenalties(first: 5) { id } } } }';
const REFUSED = { data: null, errors: [{ message: 'This subgraph answers only the gateway; the request carries no valid gateway proof', extensions: { code: 'GATEWAY_PROOF_REQUIRED' } }] };

describe('subgraphs answer data requests only from the gateway, proven per request', () => {
  let data: SeededDataDir;
  let keys: TestKeys;
  let stack: InProcessGateway;
  let credit: string;
  let variables: Record<string, unknown>;

  beforeAll(async () => {
    data = seededDataDir(10, 71);
    keys = await createTestKeys();
    stack = await startInProcessGateway(data.dataDir, keys.env);
    credit = stack.subgraphUrls.get('credit')!;
    variables = { r: [{ __typename: 'Institution', uscc: data.institutions[0]!.uscc }] };
  });

  afterAll(async () => {
    await stack?.close();
    data?.remove();
  });

  it('refuses a direct request without the proof, even one with a valid token, and _service too', async () => {
    const token = await keys.sign({ scope: 'credit:record:read', azp: 'ndrc-credit-platform', purpose: 'CREDIT_EVALUATION' });
    for (const [query, headers] of [[ENTITIES, {}], [ENTITIES, { authorization: `Bearer ${token}` }], ['{ _service { sdl } }', {}]] as const) {
      const { status, body } = await postGraphQL(credit, query, variables, headers);
      expect({ status, body }).toEqual({ status: 401, body: REFUSED });
    }
  });

  it('serves the gateway\'s proven request once and refuses its replay', async () => {
    const first = await postAsGateway(credit, 'credit', stack.proofKeyHex, ENTITIES, variables, { 'x-request-id': 'r-1' });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ _entities: [{ uscc: data.institutions[0]!.uscc }] });
    const replay = await fetch(credit, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'r-1', [GATEWAY_PROOF_HEADER]: first.proof },
      body: first.sentBody,
    });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual(REFUSED);
  });

  it('refuses a stale proof, another subgraph\'s proof, a proof for another body, and a proof made with another key', async () => {
    const key = Buffer.from(stack.proofKeyHex, 'hex');
    const body = JSON.stringify({ query: ENTITIES, variables });
    const attempt = (proof: string, sent = body) =>
      fetch(credit, { method: 'POST', headers: { 'content-type': 'application/json', [GATEWAY_PROOF_HEADER]: proof }, body: sent }).then((r) => r.status);
    const request = { method: 'POST', path: '/graphql', audience: 'credit', requestId: '', body };
    expect(await attempt(signGatewayRequest(key, request, Date.now() - 60_000))).toBe(401);
    expect(await attempt(signGatewayRequest(key, { ...request, audience: 'finance' }))).toBe(401);
    expect(await attempt(signGatewayRequest(key, request), JSON.stringify({ query: '{ _service { sdl } }' }))).toBe(401);
    expect(await attempt(signGatewayRequest(Buffer.alloc(32, 7), request))).toBe(401);
    expect(await attempt(signGatewayRequest(key, request))).toBe(200);
  });

  it('refuses mutations without the proof like any request: commands reach a subgraph only through the gateway', async () => {
    const app = buildApp({ agency: 'market', dataDir: data.dataDir, gatewayProof: createGatewayProofVerifier({ key: Buffer.from(stack.proofKeyHex, 'hex'), windowS: 5 }) });
    try {
      const ask = (query: string) => app.inject({ method: 'POST', url: '/graphql', payload: { query } });
      for (const query of ['mutation { __typename }', 'mutation { transitionBusinessLicence(input: { uscc: "91110108MA01WR1TXL", command: REVOKE, expectedVersion: 1, idempotencyKey: "no-proof-1" }) { state } }']) {
        const response = await ask(query);
        expect({ status: response.statusCode, code: response.json().errors[0].extensions.code }).toEqual({ status: 401, code: 'GATEWAY_PROOF_REQUIRED' });
      }
    } finally {
      await app.close();
    }
  });

  it('keeps /health open to anyone', async () => {
    const response = await fetch(credit.replace(/\/graphql$/, '/health'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', subgraph: 'credit' });
  });

  it('proves the gateway\'s own requests, /ready\'s probes included', async () => {
    expect((await fetch(`${stack.origin}/ready`)).status).toBe(200);
    const { status, body } = await postGraphQL(stack.gatewayUrl, `{ institution(uscc: "${data.institutions[0]!.uscc}") { name creditPenalties(first: 1) { id } } }`);
    expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
  });

  it('enforces on _entities exactly what the gateway enforces: the composed CreditRecord interface requirement included', async () => {
    const records = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { creditRecords(first: 5) { id } } } }';
    const recordReader = await keys.sign({ scope: 'credit:record:read', azp: 'ndrc-credit-platform', purpose: 'CREDIT_EVALUATION' });
    const direct = await postAsGateway(credit, 'credit', stack.proofKeyHex, records, variables, { authorization: `Bearer ${recordReader}` });
    expect(direct.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHORIZED_FIELD_OR_TYPE', coordinate: 'Institution.creditRecords' });
    const viaGateway = await postGraphQL(stack.gatewayUrl, `{ institution(uscc: "${data.institutions[0]!.uscc}") { creditRecords(first: 5) { id } } }`, {}, { authorization: `Bearer ${recordReader}` });
    expect(viaGateway.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHORIZED_FIELD_OR_TYPE']);
    const repairReader = await keys.sign({ scope: 'credit:repair:read', azp: 'ndrc-credit-platform', purpose: 'CREDIT_EVALUATION' });
    const allowed = await postAsGateway(credit, 'credit', stack.proofKeyHex, records, variables, { authorization: `Bearer ${repairReader}` });
    expect(allowed.body.errors).toBeUndefined();
  });
});
