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
import { GATEWAY_PROOF_HEADER, signGatewayRequest } from '../../common/gateway-proof/gateway-proof';
import { resolveGatewayProofKey } from '../../common/gateway-proof/gateway-proof-config';
import { extractRequirements } from '../../gateway/authorize/requirements';
import { SUPERGRAPH_PATH } from '../../schema/paths';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

interface Context { readonly authorization?: string }

class ForwardingDataSource extends RemoteGraphQLDataSource<Context> {
  constructor(options: { url: string }, name: string, proofKey: Buffer | null) {
    super(options);
    // The subgraphs answer only requests proven with the gateway's key; the baseline proves its
    // own the same way, over its own transport (make-fetch-happen), so the comparison stays fair.
    const send = this.fetcher;
    if (proofKey) {
      this.fetcher = ((url: string, init: { method?: string; headers?: Record<string, string>; body?: string }) => send(url, {
        ...init,
        headers: { ...init.headers, [GATEWAY_PROOF_HEADER]: signGatewayRequest(proofKey, { method: init.method ?? 'POST', path: new URL(url).pathname, audience: name, requestId: '', body: init.body ?? '' }) },
      } as never)) as typeof send;
    }
  }

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
    buildService: ({ name, url }) => new ForwardingDataSource({ url: urls[name] ?? url }, name, resolveGatewayProofKey(process.env)?.key ?? null),
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
