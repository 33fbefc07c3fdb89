import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { EXAMPLE_QUERY, EXAMPLE_USCC, EXAMPLE_VARIABLES } from '../../../gateway/http/ide/example';
import { IDE_ASSET_DIR, loadIdeAssets } from '../../../gateway/http/ide/ide-assets';
import { registerIdeRoutes } from '../../../gateway/http/ide.routes';
import { startInProcessGateway, type InProcessGateway } from '../../helpers/in-process-gateway';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';

const HTML = { accept: 'text/html,application/xhtml+xml' };

describe('GraphiQL page and assets (GET /graphql from a browser)', () => {
  let data: SeededDataDir;
  let running: InProcessGateway;

  beforeAll(async () => {
    data = seededDataDir(5, 2019);
    running = await startInProcessGateway(data.dataDir, { AUDIT_ENABLED: 'false' });
  });

  afterAll(async () => {
    await running?.close();
    data?.remove();
  });

  it('serves the page under a CSP with no inline script and a fresh style nonce per response', async () => {
    const first = await running.gateway.inject({ method: 'GET', url: '/graphql', headers: HTML });
    const second = await running.gateway.inject({ method: 'GET', url: '/graphql', headers: HTML });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(first.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe');
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)![1]!;
    expect(first.body).toContain(`nonce="${nonce}"`);
    expect(String(second.headers['content-security-policy'])).not.toContain(nonce);
    // No resource from anywhere but this gateway, and no inline script.
    expect(first.body).not.toMatch(/https?:\/\//);
    expect(first.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(first.body).toMatch(/<script defer nonce="[^"]+" src="graphiql\/graphiql\.js\?v=[0-9a-f]{12}">/);
  });

  it('still answers GraphQL on GET when a query is given, whatever the Accept header', async () => {
    const response = await running.gateway.inject({ method: 'GET', url: '/graphql?query=%7B__typename%7D', headers: HTML });
    expect(response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('serves the bundle with its type, gzipped when accepted, revalidated by ETag', async () => {
    const plain = await running.gateway.inject({ method: 'GET', url: '/graphiql/graphiql.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const gzipped = await running.gateway.inject({ method: 'GET', url: '/graphiql/graphiql.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.rawPayload).equals(plain.rawPayload)).toBe(true);
    expect(gzipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    const etag = String(plain.headers.etag);
    expect(gzipped.headers.etag).not.toBe(etag);
    const again = await running.gateway.inject({ method: 'GET', url: '/graphiql/graphiql.js', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const gzippedAgain = await running.gateway.inject({ method: 'GET', url: '/graphiql/graphiql.js', headers: { 'if-none-match': String(gzipped.headers.etag), 'accept-encoding': 'gzip' } });
    expect(gzippedAgain.statusCode).toBe(304);
    const css = await running.gateway.inject({ method: 'GET', url: '/graphiql/graphiql.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    // GraphiQL's fonts travel inside the stylesheet: nothing to fetch from a font host.
    expect(css.body).toContain('url(data:font/woff2;base64,');
    expect(css.body).not.toMatch(/url\(["']?https?:/);
  });

  it('answers 404 for any other file, the build record included', async () => {
    for (const file of ['build.json', 'graphiql.js.gz', '..%2Fpackage.json', 'nothing.js']) {
      const response = await running.gateway.inject({ method: 'GET', url: `/graphiql/${file}` });
      expect(response.statusCode).toBe(404);
    }
  });

  it('runs the example query as an anonymous caller without an error', async () => {
    const response = await running.gateway.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query: EXAMPLE_QUERY, variables: JSON.parse(EXAMPLE_VARIABLES), operationName: 'Profile' },
    });
    const body = response.json() as { data: { institution: Record<string, unknown> }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.institution.uscc).toBe(EXAMPLE_USCC);
    expect(body.data.institution.name).toBe(data.institutions[0]!.name);
  });
});

describe('GraphiQL when the bundle is missing or damaged', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'edu-gw-ide-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('answers the page with a 503 naming the missing build, and the gateway still starts', async () => {
    const app = Fastify();
    const sendPage = registerIdeRoutes(app, dir);
    app.get('/page', async (_request, reply) => sendPage(reply));
    const response = await app.inject({ method: 'GET', url: '/page' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('GraphiQL is not built');
    expect(response.body).toContain('npm run build');
    expect((await app.inject({ method: 'GET', url: '/graphiql/graphiql.js' })).statusCode).toBe(404);
    await app.close();
  });

  it('refuses a bundle whose files do not match its build record', () => {
    for (const name of readdirSync(IDE_ASSET_DIR)) copyFileSync(join(IDE_ASSET_DIR, name), join(dir, name));
    expect('files' in loadIdeAssets(dir)).toBe(true);
    writeFileSync(join(dir, 'graphiql.js'), 'alert(1)');
    const damaged = loadIdeAssets(dir);
    expect(damaged).toEqual({ unavailable: expect.stringContaining('graphiql.js does not match build.json') });
  });
});
