import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildGateway } from '../../../gateway/app';
import { resolveGatewayConfig } from '../../../gateway/config';
import { SUPERGRAPH_PATH } from '../../../schema/paths';
import { buildApp } from '../../../subgraphs/build-app';
import { AGENCY_NAMES } from '../../../subgraphs/shared/agency';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';

type Misbehaviour = 'slow' | 'html' | 'http500' | 'not-graphql-json';

describe('a misbehaving subgraph costs only its own fields', () => {
  let data: SeededDataDir;
  let subgraphs: FastifyInstance[];
  let fake: Server;
  let gateway: FastifyInstance;
  let misbehaviour: Misbehaviour = 'slow';

  beforeAll(async () => {
    data = seededDataDir(30, 4);
    // Every agency is real except ip, which is replaced by a server that misbehaves on demand.
    const real = AGENCY_NAMES.filter((name) => name !== 'ip');
    subgraphs = real.map((agency) => buildApp({ agency, dataDir: data.dataDir, gatewayProof: null }));
    const urls = await Promise.all(subgraphs.map((app) => app.listen({ port: 0, host: '127.0.0.1' })));
    fake = createServer((_request, response) => {
      switch (misbehaviour) {
        case 'slow':
          setTimeout(() => response.end('{"data":{}}'), 2000).unref();
          break;
        case 'html':
          response.setHeader('content-type', 'text/html');
          response.end('<html><body>502 Bad Gateway</body></html>');
          break;
        case 'http500':
          response.statusCode = 500;
          response.setHeader('content-type', 'application/json');
          response.end('{"message":"stack trace with secrets"}');
          break;
        case 'not-graphql-json':
          response.setHeader('content-type', 'application/json');
          response.end('[1,2,3]');
          break;
      }
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const ipUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/graphql`;
    const config = resolveGatewayConfig({
      SUBGRAPH_URLS: [...real.map((name, i) => `${name}=${urls[i]}/graphql`), `ip=${ipUrl}`].join(','),
      SUBGRAPH_TIMEOUT_MS: '300',
      AUDIT_ENABLED: 'false',
    }, { supergraphPath: SUPERGRAPH_PATH });
    gateway = await buildGateway({ config, supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8') });
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all(subgraphs.map((app) => app.close()));
    await new Promise<void>((resolve) => fake.close(() => resolve()));
    data?.remove();
  });

  it.each([
    ['slow', 'GATEWAY_TIMEOUT', 'did not answer within 300 ms'],
    ['html', 'SUBGRAPH_UNAVAILABLE', 'not a GraphQL response'],
    ['http500', 'SUBGRAPH_UNAVAILABLE', 'answered HTTP 500'],
    ['not-graphql-json', 'SUBGRAPH_UNAVAILABLE', 'not a GraphQL response'],
  ] as const)('%s: partial data, one error naming the subgraph, nothing of its body', async (mode, code, words) => {
    misbehaviour = mode;
    const institution = data.institutions.find((i) => i.uscc.startsWith('91'))!;
    const response = await gateway.inject({
      method: 'POST',
      url: '/graphql',
      payload: {
        query: 'query($u: USCC!) { institution(uscc: $u) { name registration { legalName } patents(first: 2) { title } } }',
        variables: { u: institution.uscc },
      },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.data.institution).toMatchObject({ name: institution.name, registration: { legalName: institution.name }, patents: null });
    const ipErrors = body.errors.filter((e: { extensions: { serviceName?: string } }) => e.extensions.serviceName === 'ip');
    expect(ipErrors).toHaveLength(1);
    expect(ipErrors[0].extensions.code).toBe(code);
    expect(ipErrors[0].message).toContain('"ip"');
    expect(ipErrors[0].message).toContain(words);
    expect(response.body).not.toContain('secrets');
    expect(response.body).not.toContain('Bad Gateway');
  });
});
