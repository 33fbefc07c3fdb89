import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';

/**
 * Stops accepting connections and waits, up to `timeoutMs`, until every open one has ended, then
 * ends what is left. A kept-alive connection is not ended while idle: http.Server.close() does that
 * at once, and a client that reuses the socket at that moment (a pool sends its next request the
 * instant it has one) gets "socket hang up" for a request that never reached us. Here each
 * connection ends after its next response instead (the app marks every response of a draining
 * gateway `Connection: close`), or when its keep-alive timeout ends it as it would any other time.
 * Under node:cluster the primary stops handing this worker connections as soon as it stops
 * accepting; one already on its way is handed to another worker.
 */
export async function drainConnections(server: Server, timeoutMs: number): Promise<void> {
  if (!server.listening) return;
  const drained = new Promise<void>((resolve) => {
    // net.Server's close, not http.Server's: the latter also ends every idle kept-alive socket.
    NetServer.prototype.close.call(server, () => resolve());
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  if ((await Promise.race([drained, late])) === 'late') {
    // Connections still idle after the whole drain: a client keeping spare sockets it does not use.
    server.closeIdleConnections();
    await drained;
  }
  clearTimeout(timer);
}
