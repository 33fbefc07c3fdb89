import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildGateway } from '../../../gateway/app';
import { canonicalJson } from '../../../gateway/audit/audit-chain';
import type { AuditEntry } from '../../../gateway/audit/audit-entry';
import { resolveGatewayConfig } from '../../../gateway/config';
import { SUPERGRAPH_PATH } from '../../../schema/paths';
import { composeSupergraph } from '../../conformance/harness/compose';
import type { SubgraphDefinition } from '../../conformance/harness/scenario';
import { startSubgraph, type RunningSubgraph } from '../../conformance/harness/subgraph-server';
import { createTestKeys, type TestKeys } from '../../helpers/test-keys';

const notes: string[] = [];

const REGISTER: SubgraphDefinition = {
  name: 'register',
  typeDefs: /* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@requiresScopes"])
    type Query { filing(id: ID!): Filing }
    type Mutation {
      open(name: String!): Filing @requiresScopes(scopes: [["filing:write"]])
      close(id: ID!): Filing! @requiresScopes(scopes: [["filing:admin"]])
      note(text: String!): Int
      tag(input: TagInput!): Int
      flaky: Int
    }
    input TagInput { label: String!, level: Level }
    enum Level @requiresScopes(scopes: [["level:set"]]) { LOW HIGH }
    type Filing @key(fields: "id") {
      id: ID!
      name: String!
      secret: String @requiresScopes(scopes: [["filing:secret"]])
    }
  `,
  resolvers: {
    Query: { filing: (_: unknown, { id }: { id: string }) => ({ id, name: 'Open Academy', secret: 's' }) },
    Mutation: {
      open: (_: unknown, { name }: { name: string }) => ({ id: 'f9', name, secret: 's' }),
      close: (_: unknown, { id }: { id: string }) => ({ id, name: 'closed', secret: 's' }),
      note: (_: unknown, { text }: { text: string }) => notes.push(text),
      tag: () => 1,
      flaky: () => 1,
    },
  },
  // A subgraph that dies mid-request: the write may or may not have happened, so it must not be sent twice.
  intercept: (request) => (request.query.includes('flaky') ? 'drop' : undefined),
};

describe('mutations through the gateway: authorization, no retries, audit', () => {
  let keys: TestKeys;
  let subgraph: RunningSubgraph;
  let gateway: FastifyInstance;
  let supergraphSdl: string;
  const audited: AuditEntry[] = [];
  let holdAudit: Promise<void> | null = null;

  const config = () => resolveGatewayConfig({ ...keys.env, SUBGRAPH_TIMEOUT_MS: '2000' }, { supergraphPath: SUPERGRAPH_PATH });
  const token = (scopes: string) => keys.sign({ scope: scopes, azp: 'moe-supervision-platform', sub: 'officer-1' });
  const mutate = async (query: string, scopes: string | null, variables: Record<string, unknown> = {}, target = gateway) => {
    const headers = scopes === null ? {} : { authorization: `Bearer ${await token(scopes)}` };
    const response = await target.inject({ method: 'POST', url: '/graphql', headers, payload: { query, variables } });
    return { status: response.statusCode, body: response.json(), headers: response.headers };
  };
  const sent = () => subgraph.requests.map((r) => r.query);

  beforeAll(async () => {
    keys = await createTestKeys();
    subgraph = await startSubgraph(REGISTER);
    supergraphSdl = composeSupergraph([REGISTER], new Map([['register', subgraph.url]]));
    gateway = await buildGateway({
      config: config(),
      supergraphSdl,
      audit: {
        log: {
          record: async (entries) => {
            await holdAudit;
            audited.push(...entries);
          },
        },
        clientHashKey: 'k',
        close: async () => undefined,
      },
    });
  });

  beforeEach(() => {
    subgraph.clear();
    notes.length = 0;
    audited.length = 0;
  });

  afterAll(async () => {
    await gateway?.close();
    await subgraph?.close();
  });

  it('never sends a denied mutation field to its subgraph: null with UNAUTHORIZED_FIELD_OR_TYPE, in its place', async () => {
    const { body } = await mutate('mutation { a: note(text: "x") o: open(name: "N") { id } b: note(text: "y") }', '');
    expect(body).toEqual({
      // Router format: error paths name fields, not aliases.
      errors: [{ message: 'Unauthorized field or type', path: ['open'], extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } }],
      data: { a: 1, o: null, b: 2 },
    });
    expect(sent()).toEqual(['mutation{a:note(text:"x")}', 'mutation{b:note(text:"y")}']);
  });

  it('ends the mutation at a denied non-null field, as at a failed one: nothing after it runs', async () => {
    const { body } = await mutate('mutation { a: note(text: "1") c: close(id: "f1") { id } b: note(text: "2") }', 'filing:write');
    expect(body).toEqual({ errors: [{ message: 'Unauthorized field or type', path: ['close'], extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } }], data: null });
    expect(notes).toEqual(['1']);
  });

  it('checks the types an argument may carry: an input object holding a guarded enum needs its scope', async () => {
    const denied = await mutate('mutation { tag(input: { label: "x", level: HIGH }) }', 'filing:write');
    expect(denied.body).toEqual({ errors: [{ message: 'Unauthorized field or type', path: ['tag'], extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } }], data: null });
    expect(sent()).toEqual([]);
    expect((await mutate('mutation { tag(input: { label: "x", level: HIGH }) }', 'level:set')).body).toEqual({ data: { tag: 1 } });
  });

  it('filters a mutation result like a query result', async () => {
    const { body } = await mutate('mutation { open(name: "N") { id name secret } }', 'filing:write');
    expect(body).toEqual({
      errors: [{ message: 'Unauthorized field or type', path: ['open', 'secret'], extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } }],
      data: { open: { id: 'f9', name: 'N', secret: null } },
    });
    expect(sent().join()).not.toContain('secret');
  });

  it('never retries a mutation whose subgraph dropped the connection', async () => {
    const { body } = await mutate('mutation { flaky }', '');
    expect(body.data).toEqual({ flaky: null });
    expect(body.errors).toEqual([{ message: 'Subgraph "register" could not be reached', extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'register' } }]);
    expect(sent()).toEqual(['mutation{flaky}']);
  });

  it('records the mutation: hash of the variables (never their values), each root field and its outcome', async () => {
    const variables = { text: 'confidential remark', name: 'Night School' };
    await mutate('mutation M($text: String!, $name: String!) { note(text: $text) open(name: $name) { id } close(id: "f1") { id } after: note(text: "z") }', 'filing:write', variables);
    const operation = audited.find((e) => e.type === 'operation')!;
    expect(operation.body).toMatchObject({
      operationType: 'mutation',
      variablesHash: createHash('sha256').update(canonicalJson(variables)).digest('hex'),
      mutationFields: [
        { field: 'Mutation.note', responseKey: 'note', outcome: 'SUCCEEDED' },
        { field: 'Mutation.open', responseKey: 'open', outcome: 'SUCCEEDED' },
        { field: 'Mutation.close', responseKey: 'close', outcome: 'DENIED' },
        { field: 'Mutation.note', responseKey: 'after', outcome: 'NOT_EXECUTED' },
      ],
    });
    expect(audited).toHaveLength(1);
    expect((operation.body.subgraphs as { subgraph: string }[]).map((s) => s.subgraph)).toEqual(['register', 'register']);
    expect(JSON.stringify(audited)).not.toContain('confidential remark');
  });

  it('answers only once the record is durable', async () => {
    let release!: () => void;
    holdAudit = new Promise<void>((resolve) => (release = resolve));
    let answered = false;
    const pending = mutate('mutation { note(text: "held") }', '').then((r) => {
      answered = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(notes).toEqual(['held']);
    expect(answered).toBe(false);
    release();
    holdAudit = null;
    expect((await pending).body).toEqual({ data: { note: 1 } });
  });

  it('refuses to acknowledge any mutation, anonymous ones included, when its record cannot be written', async () => {
    const failing = await buildGateway({
      config: config(),
      supergraphSdl,
      audit: { log: { record: () => Promise.reject(new Error('disk full')) }, clientHashKey: 'k', close: async () => undefined },
    });
    try {
      const { status, body } = await mutate('mutation { note(text: "n") }', null, {}, failing);
      expect(status).toBe(503);
      expect(body).toEqual({ errors: [{ message: 'The audit log is unavailable; the request was not served', extensions: { code: 'AUDIT_UNAVAILABLE' } }], data: null });
      // An anonymous query of public data is still answered.
      expect((await mutate('{ filing(id: "f1") { name } }', null, {}, failing)).status).toBe(200);
    } finally {
      await failing.close();
    }
  });
});
