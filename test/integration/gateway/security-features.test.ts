import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildGateway } from '../../../gateway/app';
import type { AuditEntry } from '../../../gateway/audit/audit-entry';
import { resolveGatewayConfig } from '../../../gateway/config';
import { SUPERGRAPH_PATH } from '../../../schema/paths';
import { composeSupergraph } from '../../conformance/harness/compose';
import { startSubgraph, type RunningSubgraph } from '../../conformance/harness/subgraph-server';
import { createTestKeys, type TestKeys } from '../../helpers/test-keys';

const REPORTS = {
  name: 'reports',
  typeDefs: /* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@policy", "@inaccessible"])
    type Query {
      report(id: ID!): Report
    }
    type Report @key(fields: "id") {
      id: ID!
      title: String
      findings: String @policy(policies: [["reports:reader"]])
      sealed: String @policy(policies: [["reports:broken"]])
      draftNote: String @inaccessible
    }
  `,
  resolvers: {
    Query: { report: (_: unknown, { id }: { id: string }) => ({ id, title: `Report ${id}`, findings: 'two breaches', sealed: 'sealed', draftNote: 'draft' }) },
  },
};

const MODULE_SOURCE = `
  module.exports = {
    policies: {
      'reports:reader': (principal) => principal.scopes.has('reports:read'),
      'reports:broken': () => { throw new Error('policy store down'); },
    },
  };
`;

describe('security features at boot and per request: @policy through a policy module, @inaccessible', () => {
  let keys: TestKeys;
  let subgraph: RunningSubgraph;
  let supergraphSdl: string;
  let moduleFile: string;
  const audited: AuditEntry[] = [];
  let gateway: FastifyInstance;

  const config = (env: NodeJS.ProcessEnv = {}) => resolveGatewayConfig({ ...keys.env, AUDIT_ENABLED: 'false', ...env }, { supergraphPath: SUPERGRAPH_PATH });
  const ask = async (query: string, scopes?: string) => {
    const headers = scopes === undefined ? {} : { authorization: `Bearer ${await keys.sign({ scope: scopes, azp: 'tester', sub: 'u1' })}` };
    const response = await gateway.inject({ method: 'POST', url: '/graphql', headers, payload: { query } });
    return { status: response.statusCode, body: response.json() };
  };

  beforeAll(async () => {
    keys = await createTestKeys();
    subgraph = await startSubgraph(REPORTS);
    supergraphSdl = composeSupergraph([REPORTS], new Map([['reports', subgraph.url]]));
    moduleFile = join(mkdtempSync(join(tmpdir(), 'policies-')), 'policies.js');
    writeFileSync(moduleFile, MODULE_SOURCE);
    gateway = await buildGateway({
      config: config({ AUTHZ_POLICY_MODULE: moduleFile }),
      supergraphSdl,
      audit: { log: { record: async (entries) => void audited.push(...entries) }, clientHashKey: 'k', close: async () => undefined },
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await subgraph?.close();
  });

  it('refuses at boot a supergraph with @policy when no policy module is configured', async () => {
    await expect(buildGateway({ config: config(), supergraphSdl })).rejects.toMatchObject({
      code: 'ERR_AUTHORIZATION_SCHEMA',
      message: expect.stringContaining('AUTHZ_POLICY_MODULE'),
    });
  });

  it('refuses at boot a policy module that decides none of a policy the supergraph uses', async () => {
    const partial = join(mkdtempSync(join(tmpdir(), 'policies-')), 'partial.js');
    writeFileSync(partial, "module.exports = { policies: { 'reports:reader': () => true } };");
    await expect(buildGateway({ config: config({ AUTHZ_POLICY_MODULE: partial }), supergraphSdl })).rejects.toThrow('no decision for "reports:broken"');
  });

  it('refuses a policy module option that is not a module file', () => {
    expect(() => config({ AUTHZ_POLICY_MODULE: '/nonexistent/policies.js' })).toThrow(/AUTHZ_POLICY_MODULE must be the path of an existing/);
  });

  it('serves a field whose policy is granted, like a scope', async () => {
    const { status, body } = await ask('{ report(id: "r1") { title findings } }', 'reports:read');
    expect(status).toBe(200);
    expect(body).toEqual({ data: { report: { title: 'Report r1', findings: 'two breaches' } } });
  });

  it('denies by default: a policy not granted, or whose decision fails, is null and never asked of the subgraph', async () => {
    subgraph.clear();
    audited.length = 0;
    const { body } = await ask('{ report(id: "r1") { title findings sealed } }', 'other:scope');
    expect(body).toEqual({
      errors: [
        { message: 'Unauthorized field or type', path: ['report', 'findings'], extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } },
        { message: 'Unauthorized field or type', path: ['report', 'sealed'], extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } },
      ],
      data: { report: { title: 'Report r1', findings: null, sealed: null } },
    });
    expect(subgraph.requests.map((r) => r.query).join('\n')).not.toMatch(/findings|sealed/);
    const operation = audited.find((e) => e.type === 'operation')!;
    expect((operation.body.fieldsDenied as { coordinate: string; reason: string }[]).map((d) => [d.coordinate, d.reason])).toEqual([
      ['Report.findings', 'POLICY_DENIED'],
      ['Report.sealed', 'POLICY_DENIED'],
    ]);
  });

  it('denies an anonymous caller a policy-guarded field', async () => {
    const { body } = await ask('{ report(id: "r1") { title findings } }');
    expect(body.data).toEqual({ report: { title: 'Report r1', findings: null } });
  });

  it('hides @inaccessible elements: not selectable, not in introspection', async () => {
    const selected = await ask('{ report(id: "r1") { draftNote } }');
    expect(selected.status).toBe(400);
    expect(selected.body.errors[0]).toMatchObject({ message: 'Cannot query field "draftNote" on type "Report".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const introspected = await ask('{ __type(name: "Report") { fields { name } } }', 'any:scope');
    // Introspection shows the caller's own schema: no hidden field, nor a policy-guarded one it was not granted.
    expect(introspected.body.data.__type.fields.map((f: { name: string }) => f.name)).toEqual(['id', 'title']);
  });

  it('shows in introspection a policy-guarded field to a caller its policy grants, and never one whose decision fails', async () => {
    const fields = async (scopes: string) => (await ask('{ __type(name: "Report") { fields { name } } }', scopes)).body.data.__type.fields.map((f: { name: string }) => f.name);
    expect(await fields('reports:read')).toEqual(['id', 'title', 'findings']);
    // Decided again per caller, not taken from the schema cached for the previous one.
    expect(await fields('other:scope')).toEqual(['id', 'title']);
  });
});
