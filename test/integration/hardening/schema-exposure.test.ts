import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { postGraphQL } from '../../helpers/graphql-client';
import { startInProcessGateway, type InProcessGateway } from '../../helpers/in-process-gateway';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';
import { createTestKeys, type TestKeys } from '../../helpers/test-keys';

describe('schema exposure: introspection, suggestions and the subgraphs\' own fields', () => {
  let data: SeededDataDir;
  let keys: TestKeys;
  let stack: InProcessGateway;
  const bearer = async (scope: string, azp = 'moe-supervision-platform') => ({ authorization: `Bearer ${await keys.sign({ scope, azp, purpose: 'SUPERVISION_INSPECTION' })}` });
  const fieldsOf = async (type: string, headers: Record<string, string>) => {
    const { body } = await postGraphQL<{ __type: { fields: { name: string }[] } | null }>(stack.gatewayUrl, `{ __type(name: "${type}") { fields { name } } }`, {}, headers);
    return body.data?.__type?.fields.map((f) => f.name) ?? null;
  };

  beforeAll(async () => {
    data = seededDataDir(10, 51);
    keys = await createTestKeys();
    stack = await startInProcessGateway(data.dataDir, keys.env);
  });

  afterAll(async () => {
    await stack?.close();
    data?.remove();
  });

  it('refuses introspection to anonymous callers by default, anywhere in the document, before validation', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Trainer") { name } }', '{ ...I } fragment I on Query { __schema { queryType { name } } }']) {
      const { status, body } = await postGraphQL(stack.gatewayUrl, query);
      expect({ status, body }).toEqual({
        status: 400,
        body: { errors: [{ message: 'GraphQL introspection is not allowed for this caller, but the query contained __schema or __type', extensions: { code: 'INTROSPECTION_DISABLED' } }] },
      });
    }
    expect((await postGraphQL(stack.gatewayUrl, '{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers an authenticated caller from the schema it may see: a field or type it may not read is not there', async () => {
    const withoutIdentity = await bearer('education:complaint:read');
    const withIdentity = await bearer('education:trainer-identity:read');
    expect(await fieldsOf('Trainer', withoutIdentity)).not.toContain('idHash');
    expect(await fieldsOf('Trainer', withIdentity)).toContain('idHash');
    expect(await fieldsOf('Complaint', withIdentity)).toBeNull();
    expect(await fieldsOf('Complaint', withoutIdentity)).toContain('category');
  });

  it('serves the full standard introspection query (GraphiQL\'s) to a consumer, as a valid schema without the guarded parts', async () => {
    const { status, body } = await postGraphQL<IntrospectionQuery>(stack.gatewayUrl, getIntrospectionQuery(), {}, await bearer(''));
    expect(status).toBe(200);
    const schema = buildClientSchema(body.data!);
    expect(schema.getType('Institution')).toBeDefined();
    expect(schema.getType('Complaint')).toBeUndefined();
    expect(schema.getType('PrepaidCustody') && Object.keys((schema.getType('PrepaidCustody') as never as { getFields(): object }).getFields())).not.toContain('balanceCny');
  });

  it('refuses introspection mixed with data fields', async () => {
    const { status, body } = await postGraphQL(stack.gatewayUrl, '{ __type(name: "Trainer") { name } institutions(first: 1) { edges { cursor } } }', {}, await bearer(''));
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('suggests only names the caller may see', async () => {
    const query = `{ institution(uscc: "${data.institutions[0]!.uscc}") { trainers { idHas } } }`;
    const anonymous = await postGraphQL(stack.gatewayUrl, query);
    expect(anonymous.body.errors?.[0]?.message).toBe('Cannot query field "idHas" on type "Trainer". Did you mean "id"?');
    const scoped = await postGraphQL(stack.gatewayUrl, query, {}, await bearer('education:trainer-identity:read'));
    expect(scoped.body.errors?.[0]?.message).toBe('Cannot query field "idHas" on type "Trainer". Did you mean "idHash" or "id"?');
    const typeSuggestion = await postGraphQL(stack.gatewayUrl, 'query($x: Complain) { __typename }');
    expect(typeSuggestion.body.errors?.[0]?.message).toMatch(/^Unknown type "Complain"\.$/);
    const complaintReader = await postGraphQL(stack.gatewayUrl, 'query($x: Complain) { __typename }', {}, await bearer('education:complaint:read'));
    expect(complaintReader.body.errors?.[0]?.message).toContain('Did you mean "Complaint"');
  });

  it('never reaches _service or _entities through the gateway', async () => {
    for (const query of ['{ _service { sdl } }', '{ _entities(representations: [{ __typename: "Institution", uscc: "x" }]) { __typename } }']) {
      const { status, body } = await postGraphQL(stack.gatewayUrl, query, {}, await bearer(''));
      expect(status).toBe(400);
      expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
      expect(body.errors?.[0]?.message).toMatch(/^Cannot query field "_(service|entities)" on type "Query"\.$/);
    }
  });
});

describe('INTROSPECTION=on and INTROSPECTION=off', () => {
  let data: SeededDataDir;
  let keys: TestKeys;
  const stacks: InProcessGateway[] = [];

  beforeAll(async () => {
    data = seededDataDir(5, 52);
    keys = await createTestKeys();
    stacks.push(await startInProcessGateway(data.dataDir, { ...keys.env, INTROSPECTION: 'on' }));
    stacks.push(await startInProcessGateway(data.dataDir, { ...keys.env, INTROSPECTION: 'off' }));
  });

  afterAll(async () => {
    for (const stack of stacks) await stack.close();
    data?.remove();
  });

  it('on: anonymous callers introspect the public schema only', async () => {
    const { body } = await postGraphQL<{ __type: { fields: { name: string }[] } }>(stacks[0]!.gatewayUrl, '{ __type(name: "Trainer") { fields { name } } }');
    expect(body.data!.__type.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['displayName']));
    expect(body.data!.__type.fields.map((f) => f.name)).not.toContain('idHash');
  });

  it('on: the standard introspection query passes the anonymous limits, a self-multiplying one does not', async () => {
    const standard = await postGraphQL(stacks[0]!.gatewayUrl, getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect({ status: standard.status, errors: standard.body.errors }).toEqual({ status: 200, errors: undefined });
    const exploding = await postGraphQL(stacks[0]!.gatewayUrl, '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }');
    expect(exploding.status).toBe(400);
    expect(exploding.body.errors).toEqual([{
      message: 'Maximum introspection depth exceeded',
      extensions: { code: 'MAX_DEPTH_LIMIT', limit: 'introspection_max_depth', depth: 8, listNesting: 4, max: { depth: 20, listNesting: 3 } },
    }]);
  });

  it('off: nobody introspects', async () => {
    const token = await keys.sign({ scope: 'education:trainer-identity:read', azp: 'moe-supervision-platform' });
    const { body } = await postGraphQL(stacks[1]!.gatewayUrl, '{ __schema { queryType { name } } }', {}, { authorization: `Bearer ${token}` });
    expect(body.errors?.[0]?.extensions?.code).toBe('INTROSPECTION_DISABLED');
  });
});
