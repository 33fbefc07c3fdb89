import { connect } from 'node:net';
import { startInProcessGateway, type InProcessGateway } from '../../helpers/in-process-gateway';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';

/** Sends raw bytes and reads the raw answer: for what fetch refuses to send (bad methods, huge headers). */
function raw(baseUrl: string, request: string): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers: head, body });
    });
  });
}

describe('HTTP-level errors carry a JSON body with a code, at the gateway and at the subgraphs', () => {
  let data: SeededDataDir;
  let stack: InProcessGateway;
  const targets = () => [['gateway', stack.origin], ['subgraph', stack.subgraphUrls.get('education')!.replace(/\/graphql$/, '')]] as const;

  beforeAll(async () => {
    data = seededDataDir(5, 61);
    stack = await startInProcessGateway(data.dataDir);
  });

  afterAll(async () => {
    await stack?.close();
    data?.remove();
  });

  const expectCode = async (response: Response, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await response.json()) as unknown).toMatchObject({ errors: [{ message: expect.any(String), extensions: { code } }] });
  };

  it('404 NOT_FOUND for an unknown path, 405 METHOD_NOT_ALLOWED with Allow for a known one', async () => {
    for (const [, base] of targets()) {
      await expectCode(await fetch(`${base}/nothing-here`), 404, 'NOT_FOUND');
      const wrongMethod = await fetch(`${base}/graphql`, { method: 'DELETE' });
      expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD, POST');
      await expectCode(wrongMethod, 405, 'METHOD_NOT_ALLOWED');
      await expectCode(await fetch(`${base}/health`, { method: 'PUT' }), 405, 'METHOD_NOT_ALLOWED');
    }
  });

  it('413 PAYLOAD_TOO_LARGE for a body over the limit, 415 INVALID_CONTENT_TYPE_HEADER for one that is not JSON, 400 BAD_REQUEST for broken JSON', async () => {
    const [, gateway] = targets()[0];
    await expectCode(await fetch(`${gateway}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"query":"${'x'.repeat(300_000)}"}` }), 413, 'PAYLOAD_TOO_LARGE');
    for (const [, base] of targets()) {
      await expectCode(await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<query/>' }), 415, 'INVALID_CONTENT_TYPE_HEADER');
      await expectCode(await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' }), 400, 'BAD_REQUEST');
    }
  });

  it('431 REQUEST_HEADER_FIELDS_TOO_LARGE and 400 BAD_REQUEST for an unknown method, answered before any route runs', async () => {
    for (const [, base] of targets()) {
      const huge = await raw(base, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      expect(huge.status).toBe(431);
      expect(JSON.parse(huge.body)).toEqual({ errors: [{ message: 'Request headers are larger than the server accepts', extensions: { code: 'REQUEST_HEADER_FIELDS_TOO_LARGE' } }] });
      const method = await raw(base, 'BREW /graphql HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(method.status).toBe(400);
      expect(method.headers).toMatch(/Content-Type: application\/json/);
      expect(JSON.parse(method.body)).toEqual({ errors: [{ message: 'Unknown HTTP method', extensions: { code: 'BAD_REQUEST' } }] });
    }
  });
});
