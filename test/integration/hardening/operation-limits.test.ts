import Database from 'better-sqlite3';
import { postGraphQL } from '../../helpers/graphql-client';
import { startInProcessGateway, type InProcessGateway } from '../../helpers/in-process-gateway';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';
import { createTestKeys, type TestKeys } from '../../helpers/test-keys';

/** institution -> patents -> holder -> patents -> ..., `depth` levels of fields in all. */
function deepQuery(depth: number): string {
  const wrappers = depth - 2;
  let inner = wrappers % 2 === 1 ? 'title' : 'name';
  for (let level = wrappers; level >= 1; level -= 1) inner = level % 2 === 1 ? `patents(first: 1) { ${inner} }` : `holder { ${inner} }`;
  return `query($u: USCC!) { institution(uscc: $u) { ${inner} } }`;
}

describe('operation limits over HTTP, checked before validation and planning', () => {
  let data: SeededDataDir;
  let keys: TestKeys;
  let stack: InProcessGateway;
  let uscc: string;
  const logs: Record<string, unknown>[] = [];
  const refusal = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.map((e) => e.extensions?.code);

  beforeAll(async () => {
    data = seededDataDir(30, 21);
    keys = await createTestKeys();
    stack = await startInProcessGateway(data.dataDir, keys.env, { log: (line) => logs.push(line) });
    uscc = data.institutions[0]!.uscc;
  });

  afterAll(async () => {
    await stack?.close();
    data?.remove();
  });

  it('refuses each limit with Apollo Router\'s code and message, HTTP 400, the measure and the maximum', async () => {
    const cases: [string, string, string, Record<string, unknown>][] = [
      [deepQuery(11), 'MAX_DEPTH_LIMIT', 'Maximum depth limit exceeded in this operation', { limit: 'max_depth', measured: 11, max: 10 }],
      // 1 + 50 spreads of a 4-field fragment: a fragment counts at every spread.
      [`{ institution(uscc: "${uscc}") { ${'...F '.repeat(50)} } } fragment F on Institution { uscc name regionName kind }`,
        'MAX_HEIGHT_LIMIT', 'Maximum height (field count) limit exceeded in this operation', { limit: 'max_height', measured: 201, max: 200 }],
      [`{ ${Array.from({ length: 21 }, () => '__typename').join(' ')} }`, 'MAX_ROOT_FIELDS_LIMIT', 'Maximum root fields limit exceeded in this operation', { limit: 'max_root_fields', measured: 21, max: 20 }],
      [`{ institution(uscc: "${uscc}") { ${Array.from({ length: 31 }, (_, i) => `n${i}: name`).join(' ')} } }`, 'MAX_ALIASES_LIMIT', 'Maximum aliases limit exceeded in this operation', { limit: 'max_aliases', measured: 31, max: 30 }],
      [`{ institution(uscc: "${uscc}") { name ${'@include(if: true) '.repeat(51)} } }`, 'MAX_DIRECTIVES_LIMIT', 'Maximum directives limit exceeded in this operation', { limit: 'max_directives', measured: 51, max: 50 }],
    ];
    for (const [query, code, message, extensions] of cases) {
      const { status, body } = await postGraphQL(stack.gatewayUrl, query, { u: uscc });
      expect({ code, status, body }).toEqual({ code, status: 400, body: { errors: [{ message, extensions: { ...extensions, code } }] } });
    }
  });

  it('serves an anonymous query at every limit exactly', async () => {
    const { status, body } = await postGraphQL<{ institution: { patents: unknown[] } }>(stack.gatewayUrl, deepQuery(10), { u: uscc });
    expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
    expect(Array.isArray(body.data!.institution.patents)).toBe(true);
    const aliases = await postGraphQL(stack.gatewayUrl, `{ institution(uscc: "${uscc}") { ${Array.from({ length: 30 }, (_, i) => `n${i}: name`).join(' ')} } }`);
    expect(aliases.status).toBe(200);
  });

  it('lists every limit an operation exceeds, one error each', async () => {
    const query = `{ ${Array.from({ length: 40 }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    const { body } = await postGraphQL(stack.gatewayUrl, query);
    expect(refusal(body)).toEqual(['MAX_ROOT_FIELDS_LIMIT', 'MAX_ALIASES_LIMIT']);
  });

  it('gives a consumer the larger limits policies/consumers.json grants it', async () => {
    const token = await keys.sign({ scope: '', azp: 'moe-supervision-platform', sub: 'officer' });
    const { status, body } = await postGraphQL(stack.gatewayUrl, deepQuery(15), { u: uscc }, { authorization: `Bearer ${token}` });
    expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
    const tooDeep = await postGraphQL(stack.gatewayUrl, deepQuery(16), { u: uscc }, { authorization: `Bearer ${token}` });
    expect(refusal(tooDeep.body)).toEqual(['MAX_DEPTH_LIMIT']);
    // A token naming no listed consumer gets the defaults.
    const stranger = await keys.sign({ scope: '', azp: 'unlisted-system' });
    expect(refusal((await postGraphQL(stack.gatewayUrl, deepQuery(11), { u: uscc }, { authorization: `Bearer ${stranger}` })).body)).toEqual(['MAX_DEPTH_LIMIT']);
  });

  it('refuses what would overflow the parser with GRAPHQL_PARSE_FAILED and HTTP 400, never a 500: deep selections, lists, objects, fragments', async () => {
    const attacks = {
      selections2000: `{ ${'institution(uscc: "x") { '.repeat(2000)}name${' }'.repeat(2000)} }`,
      list5000: `{ institutions(filter: ${'['.repeat(5000)}${']'.repeat(5000)}) { edges { cursor } } }`,
      object3000: `{ institutions(filter: ${'{ region: '.repeat(3000)}"1"${' }'.repeat(3000)}) { edges { cursor } } }`,
    };
    for (const [name, query] of Object.entries(attacks)) {
      const { status, body } = await postGraphQL(stack.gatewayUrl, query);
      expect({ name, status, code: refusal(body)?.[0] }).toEqual({ name, status: 400, code: 'GRAPHQL_PARSE_FAILED' });
      expect(body.errors![0]!.message).toBe('parser recursion limit reached: the query nests more than 500 levels');
    }
    const chain = Array.from({ length: 600 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} }`).join('\n');
    const fragments = await postGraphQL(stack.gatewayUrl, `{ ...F0 }\n${chain}\nfragment F600 on Query { __typename }`);
    expect({ status: fragments.status, message: fragments.body.errors?.[0]?.message }).toEqual({
      status: 400, message: 'parser recursion limit reached: fragments are spread inside each other more than 500 levels',
    });
    const many = await postGraphQL(stack.gatewayUrl, `{ ${'a '.repeat(16000)} }`);
    expect({ status: many.status, message: many.body.errors?.[0]?.message }).toEqual({ status: 400, message: 'parser token limit reached: the query has more than 15000 tokens' });
  });

  it('refuses variables nested past the recursion limit, naming the variable', async () => {
    let value: unknown = '110000';
    for (let i = 0; i < 3000; i += 1) value = [value];
    const { status, body } = await postGraphQL(stack.gatewayUrl, 'query($f: InstitutionFilter) { institutions(filter: $f) { edges { cursor } } }', { f: value });
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ message: 'Variable "$f" nests lists or objects deeper than 500 levels', extensions: { variable: 'f', code: 'BAD_USER_INPUT' } }]);
  });

  it('answers a wrong variable value with BAD_USER_INPUT naming the variable, logged at info without a stack', async () => {
    logs.length = 0;
    const { status, body } = await postGraphQL(stack.gatewayUrl, 'query($f: InstitutionFilter) { institutions(filter: $f) { edges { cursor } } }', { f: 5 });
    expect(status).toBe(400);
    expect(body.errors).toEqual([{
      message: 'Variable "$f" got invalid value 5; Expected type "InstitutionFilter" to be an object.',
      locations: [{ line: 1, column: 7 }],
      extensions: { code: 'BAD_USER_INPUT' },
    }]);
    const line = logs.find((l) => l.msg === 'variables refused')!;
    expect(line.level).toBe(30);
    expect(JSON.stringify(line)).not.toMatch(/stack|\n\s+at /);
    expect(logs.some((l) => Number(l.level) >= 50)).toBe(false);
  });
});

describe('operation limits in warn-only mode', () => {
  let data: SeededDataDir;
  let stack: InProcessGateway;
  const logs: Record<string, unknown>[] = [];

  beforeAll(async () => {
    data = seededDataDir(10, 22);
    stack = await startInProcessGateway(data.dataDir, { LIMITS_WARN_ONLY: 'true' }, { log: (line) => logs.push(line) });
  });

  afterAll(async () => {
    await stack?.close();
    data?.remove();
  });

  it('serves the operation, logs a warning and records the excess in the audit record', async () => {
    const query = `{ ${Array.from({ length: 25 }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    const response = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: Record<string, string> }).data.t24).toBe('Query');
    expect(logs.find((l) => l.level === 40 && String(l.msg).startsWith('request exceeded operation limits: max_root_fields: 20, current_op_rootFields: 25'))).toBeDefined();
    const db = new Database(stack.auditFile, { readonly: true });
    const row = db.prepare("SELECT body FROM audit_log WHERE request_id = ? AND type = 'operation'").get(response.headers.get('x-request-id')) as { body: string };
    db.close();
    expect(JSON.parse(row.body).limitsExceeded).toEqual([
      { limit: 'max_root_fields', measured: 25, max: 20 },
      { limit: 'max_aliases', measured: 25, max: 30 },
    ].filter((l) => l.measured > l.max));
  });
});
