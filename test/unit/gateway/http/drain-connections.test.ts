import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { drainConnections } from '../../../../gateway/http/drain-connections';

/** A server that, once draining, marks its answers `Connection: close`, as the gateway does. */
function startServer(): Promise<{ server: Server; url: string; drain(timeoutMs: number): Promise<void> }> {
  let draining = false;
  const server = createServer((_req, res) => {
    if (draining) res.setHeader('connection', 'close');
    res.end('ok');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    server,
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    drain: (timeoutMs) => {
      draining = true;
      return drainConnections(server, timeoutMs);
    },
  })));
}

type Answer = { readonly response: IncomingMessage; readonly socket: Socket; readonly text: string };

const get = (url: string, agent: Agent) => new Promise<Answer>((resolve, reject) => {
  request(url, { agent }, (response) => {
    // Taken now: the agent takes the socket back once the response ends.
    const socket = response.socket;
    let text = '';
    response.on('data', (c: Buffer) => (text += c.toString()));
    response.on('end', () => resolve({ response, socket, text }));
  }).on('error', reject).end();
});

describe('drainConnections', () => {
  it('stops accepting but keeps an idle kept-alive connection, answers its next request and then ends it', async () => {
    const { server, url, drain } = await startServer();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const first = await get(url, agent);
    const socket = first.socket;
    expect(first.text).toBe('ok');
    let drained = false;
    const draining = drain(10_000).then(() => (drained = true));
    await new Promise((r) => setTimeout(r, 50));
    // The client reuses its idle socket just now: http.Server.close() would have ended it, and
    // this request would have failed.
    const second = await get(url, agent);
    expect(second.socket).toBe(socket);
    expect(second.text).toBe('ok');
    expect(second.response.headers.connection).toBe('close');
    await draining;
    expect(drained).toBe(true);
    // No new connection is accepted.
    await expect(get(url, new Agent())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    agent.destroy();
    expect(server.listening).toBe(false);
  });

  it('ends a connection still idle when the drain times out', async () => {
    const { url, drain } = await startServer();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const first = await get(url, agent);
    const closed = new Promise((resolve) => first.socket.once('close', resolve));
    const started = Date.now();
    await drain(300);
    await closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    agent.destroy();
  });
});
