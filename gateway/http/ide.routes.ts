import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { IDE_ASSET_DIR, loadIdeAssets } from './ide/ide-assets';
import { IDE_ASSET_PATH, ideContentSecurityPolicy, idePage } from './ide/ide-page';

export type SendIdePage = (reply: FastifyReply) => FastifyReply;

/**
 * `GET /graphiql/<file>`: the GraphiQL bundle that `npm run build` wrote under dist/ide, read
 * once here. Returns what `GET /graphql` sends a browser: the page, or a 503 naming the missing build.
 */
export function registerIdeRoutes(app: FastifyInstance, assetDir: string = IDE_ASSET_DIR): SendIdePage {
  const loaded = loadIdeAssets(assetDir);
  if ('unavailable' in loaded) {
    const message = `GraphiQL is not built (${loaded.unavailable}): run npm run build. GraphQL itself is served at this URL.\n`;
    return (reply) => reply.code(503).type('text/plain; charset=utf-8').send(message);
  }
  app.get(`/${IDE_ASSET_PATH}/:file`, async (request, reply) => {
    const asset = loaded.files.get((request.params as { file: string }).file);
    if (!asset) return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');
    const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    const etag = gzip ? asset.gzipEtag : asset.etag;
    reply.header('etag', etag).header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff').header('vary', 'accept-encoding');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    reply.type(asset.contentType);
    return gzip ? reply.header('content-encoding', 'gzip').send(asset.gzip) : reply.send(asset.body);
  });
  return (reply) => {
    const nonce = randomBytes(16).toString('base64');
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', ideContentSecurityPolicy(nonce))
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-store')
      .send(idePage(loaded, nonce));
  };
}
