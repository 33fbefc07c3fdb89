/**
 * Scenario (a): plain @apollo/gateway served by @apollo/server's standalone server on the same
 * supergraph, with none of our pipeline (no authorization, no scalar checks, no cost tracking).
 * The committed supergraph links requiresScopes `for: SECURITY`, which @apollo/gateway refuses, so
 * it is served from extractRequirements(sdl).executableSdl. SUPERGRAPH_PATH (the committed one by
 * default) and SUBGRAPH_URLS (name=url,...) work as for our gateway. The caller's Authorization header is forwarded so that the
 * subgraphs see the same principal as behind our gateway.
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { extractRequirements } from '../../gateway/authorize/requirements';
import { SUPERGRAPH_PATH } from '../../schema/paths';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

interface Context { readonly authorization?: string }

class ForwardingDataSource extends RemoteGraphQLDataSource<Context> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Context>): void {
    if (context?.authorization) request.http?.headers.set('authorization', context.authorization);
  }
}

async function main(): Promise<void> {
  const urls: Record<string, string> = {};
  for (const pair of (process.env.SUBGRAPH_URLS ?? '').split(',').filter(Boolean)) {
    const [name, url] = pair.split('=') as [string, string];
    urls[name] = url;
  }
  const { executableSdl } = extractRequirements(readFileSync(process.env.SUPERGRAPH_PATH || SUPERGRAPH_PATH, 'utf8'));
  const gateway = new ApolloGateway({
    supergraphSdl: executableSdl,
    buildService: ({ name, url }) => new ForwardingDataSource({ url: urls[name] ?? url }),
  });
  const server = new ApolloServer<Context>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: Number(process.env.PORT ?? 0) },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  process.stdout.write(`baseline listening on ${url.replace(/\/$/, '')}/graphql\n`);
  const stop = () => void server.stop().then(() => process.exit(0), () => process.exit(1));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
