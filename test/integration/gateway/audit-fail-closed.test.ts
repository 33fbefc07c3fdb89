import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Principal } from '../../../common/principal';
import { buildGateway } from '../../../gateway/app';
import { resolveGatewayConfig } from '../../../gateway/config';
import { SUPERGRAPH_PATH } from '../../../schema/paths';
import { buildApp } from '../../../subgraphs/build-app';
import { AGENCY_NAMES } from '../../../subgraphs/shared/agency';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';

describe('when the audit log cannot be written', () => {
  let data: SeededDataDir;
  let subgraphs: FastifyInstance[];
  let gateway: FastifyInstance;
  const ministry: Principal = {
    authenticated: true, subject: 'officer', consumer: 'joint-conference', purpose: 'JOINT_SUPERVISION_REPORT',
    scopes: new Set(['finance:custody:read']), expiresAt: null,
  };

  beforeAll(async () => {
    data = seededDataDir(30, 3);
    subgraphs = AGENCY_NAMES.map((agency) => buildApp({
      agency,
      dataDir: data.dataDir,
      // The subgraphs trust the same caller the gateway does.
      tokenVerifier: { verify: async (authorization) => (authorization ? ministry : { ...ministry, authenticated: false, scopes: new Set() }) },
      gatewayProof: null,
    }));
    const urls = await Promise.all(subgraphs.map((app) => app.listen({ port: 0, host: '127.0.0.1' })));
    const config = resolveGatewayConfig({ SUBGRAPH_URLS: AGENCY_NAMES.map((name, i) => `${name}=${urls[i]}/graphql`).join(',') }, { supergraphPath: SUPERGRAPH_PATH });
    gateway = await buildGateway({
      config,
      supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
      tokenVerifier: { verify: async (authorization) => (authorization ? ministry : { ...ministry, authenticated: false, consumer: null, purpose: null, scopes: new Set() }) },
      audit: { log: { record: () => Promise.reject(new Error('disk full')) }, clientHashKey: 'k', close: async () => undefined },
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all(subgraphs.map((app) => app.close()));
    data?.remove();
  });

  const query = (authorization?: string) => gateway.inject({
    method: 'POST',
    url: '/graphql',
    headers: authorization ? { authorization } : {},
    payload: { query: 'query($u: USCC!) { institution(uscc: $u) { name prepaidCustody { balanceCny } } }', variables: { u: data.institutions[0]!.uscc } },
  });

  it('refuses an authenticated caller with 503 AUDIT_UNAVAILABLE and no data', async () => {
    const response = await query('Bearer anything');
    expect(response.statusCode).toBe(503);
    const body = response.json();
    expect(body.data).toBeNull();
    expect(body.errors[0].extensions.code).toBe('AUDIT_UNAVAILABLE');
    expect(response.body).not.toContain('balanceCny":');
  });

  it('still answers an anonymous public lookup, which can hold only public data', async () => {
    const response = await query();
    expect(response.statusCode).toBe(200);
    expect(response.json().data.institution.name).toBe(data.institutions[0]!.name);
  });
});
