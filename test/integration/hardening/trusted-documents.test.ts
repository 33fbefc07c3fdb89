import { createHash } from 'node:crypto';
import { loadPolicies } from '../../../policies/load-policies';
import { startInProcessGateway, type InProcessGateway } from '../../helpers/in-process-gateway';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';
import { createTestKeys, type TestKeys } from '../../helpers/test-keys';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Answer {
  status: number;
  cacheControl: string | null;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

describe('trusted documents: registered operations, safelists and automatic persisted queries', () => {
  let data: SeededDataDir;
  let keys: TestKeys;
  let stack: InProcessGateway;
  let portal: string;
  let ministry: string;
  const manifest = loadPolicies().consumers.get('public-credit-portal')!.persistedOperations;
  const lookup = manifest.find((o) => o.name === 'CreditLookup')!;

  const send = async (payload: Record<string, unknown>, token?: string): Promise<Answer> => {
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(payload),
    });
    return { status: response.status, cacheControl: response.headers.get('cache-control'), body: (await response.json()) as Answer['body'] };
  };
  const code = (answer: Answer) => answer.body.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    data = seededDataDir(20, 41);
    keys = await createTestKeys();
    stack = await startInProcessGateway(data.dataDir, keys.env);
    portal = await keys.sign({ scope: '', azp: 'public-credit-portal' });
    ministry = await keys.sign({ scope: '', azp: 'moe-supervision-platform' });
  });

  afterAll(async () => {
    await stack?.close();
    data?.remove();
  });

  it('runs a consumer\'s registered operation by id (APQ extension or documentId)', async () => {
    const uscc = data.institutions[0]!.uscc;
    for (const payload of [
      { extensions: { persistedQuery: { version: 1, sha256Hash: lookup.id } }, variables: { uscc } },
      { documentId: lookup.id, variables: { uscc } },
    ]) {
      const answer = await send(payload, portal);
      expect(answer.status).toBe(200);
      expect(answer.body.data).toMatchObject({ institution: { uscc, name: data.institutions[0]!.name } });
    }
  });

  it('lets a safelisted consumer send only its registered operations: the same text (any whitespace) passes, anything else is 403', async () => {
    const reformatted = lookup.body.replace(/\s+/g, '  ').replace('query CreditLookup', '# the portal\nquery CreditLookup');
    const same = await send({ query: reformatted, variables: { uscc: data.institutions[1]!.uscc } }, portal);
    expect(same.status).toBe(200);
    const other = await send({ query: '{ institutions(first: 100) { edges { node { uscc name } } } }' }, portal);
    expect(other).toEqual({
      status: 403,
      cacheControl: 'private, no-cache, must-revalidate',
      body: { errors: [{ message: 'The operation body was not found in the persisted query safelist', extensions: { code: 'QUERY_NOT_IN_SAFELIST' } }] },
    });
    const unknownId = await send({ documentId: sha256('{ __typename }') }, portal);
    expect({ status: unknownId.status, code: code(unknownId) }).toEqual({ status: 404, code: 'PERSISTED_QUERY_NOT_IN_LIST' });
    expect(unknownId.body.errors![0]!.message).toBe(`Persisted query '${sha256('{ __typename }')}' not found in the persisted query list`);
    // Nor may it register new documents through APQ.
    const query = '{ __typename }';
    const apq = await send({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } }, portal);
    expect(code(apq)).toBe('PERSISTED_QUERY_NOT_IN_LIST');
  });

  it('refuses an id sent with a different body', async () => {
    const answer = await send({ query: '{ __typename }', documentId: lookup.id }, portal);
    expect({ status: answer.status, code: code(answer) }).toEqual({ status: 400, code: 'CANNOT_SEND_PQ_ID_AND_BODY' });
  });

  it('speaks the APQ protocol with everyone else: not found, registered with the query, then served by hash', async () => {
    const query = `{ institution(uscc: "${data.institutions[2]!.uscc}") { name } }`;
    const hash = sha256(query);
    const miss = await send({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(miss).toEqual({
      status: 200,
      cacheControl: 'private, no-cache, must-revalidate',
      body: { errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] },
    });
    const registered = await send({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(registered.body.data).toEqual({ institution: { name: data.institutions[2]!.name } });
    const hit = await send({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }, ministry);
    expect(hit.body.data).toEqual({ institution: { name: data.institutions[2]!.name } });
    const mismatch = await send({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(mismatch).toMatchObject({ status: 400, body: { errors: [{ message: 'provided sha does not match query', extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH' } }] } });
    const badVersion = await send({ extensions: { persistedQuery: { version: 2, sha256Hash: hash } } });
    expect({ status: badVersion.status, code: code(badVersion) }).toEqual({ status: 400, code: 'BAD_REQUEST' });
  });

  it('applies the limits to documents from the APQ cache like to any other', async () => {
    const query = `{ ${Array.from({ length: 21 }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    const answer = await send({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['MAX_ROOT_FIELDS_LIMIT']);
  });
});

describe('trusted documents for every authenticated caller, APQ off', () => {
  let data: SeededDataDir;
  let keys: TestKeys;
  let stack: InProcessGateway;

  beforeAll(async () => {
    data = seededDataDir(10, 42);
    keys = await createTestKeys();
    stack = await startInProcessGateway(data.dataDir, { ...keys.env, SAFELIST: 'authenticated', APQ_ENABLED: 'false' });
  });

  afterAll(async () => {
    await stack?.close();
    data?.remove();
  });

  const post = async (payload: Record<string, unknown>, token?: string) => {
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(payload),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  };

  it('holds every authenticated caller to its registered operations, while anonymous callers stay free-form', async () => {
    const ministry = await keys.sign({ scope: '', azp: 'moe-supervision-platform' });
    const refused = await post({ query: '{ __typename }' }, ministry);
    expect({ status: refused.status, code: refused.body.errors?.[0]?.extensions?.code }).toEqual({ status: 403, code: 'QUERY_NOT_IN_SAFELIST' });
    expect((await post({ query: '{ __typename }' })).status).toBe(200);
  });

  it('answers APQ with PERSISTED_QUERY_NOT_SUPPORTED when it is off', async () => {
    const query = '{ __typename }';
    const answer = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
    expect(answer.body.errors).toEqual([{ message: 'PersistedQueryNotSupported', extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' } }]);
  });
});
