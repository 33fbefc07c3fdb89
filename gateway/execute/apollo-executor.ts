/**
 * @apollo/gateway's executor, for the operations our plan executor hands over (introspection, the
 * plans compile-plan.ts does not run) and for EXECUTOR=apollo. Importing @apollo/gateway loads its
 * OpenTelemetry metrics SDK, four cloud resource detectors, an OTLP exporter and make-fetch-happen,
 * used or not: about 1,300 modules and 40 MiB of resident memory. So app.ts imports this module
 * only when the first such operation arrives.
 */
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayExecutor, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLSchema } from 'graphql';
import { sha256Hex } from '../../common/gateway-proof/gateway-proof';
import type { GatewayRequestContext } from './request-context';
import { silentLogger } from './silent-logger';
import type { SubgraphDataSource } from './subgraph-data-source';
import type { SubgraphResponse } from './subgraph-fetcher';

export interface ApolloExecutor {
  /** @apollo/gateway's API schema: its executor checks variables against this one. */
  readonly schema: GraphQLSchema;
  readonly executor: GatewayExecutor;
  stop(): Promise<void>;
}

/** @apollo/gateway over `executableSdl`, calling each subgraph through its SubgraphDataSource. */
export async function loadApolloExecutor(executableSdl: string, dataSourceFor: (name: string, url: string | undefined) => SubgraphDataSource): Promise<ApolloExecutor> {
  const gateway = new ApolloGateway({
    supergraphSdl: executableSdl,
    buildService: ({ name, url }) => new ApolloDataSource(dataSourceFor(name, url)),
    logger: silentLogger,
  });
  const { schema, executor } = await gateway.load();
  return { schema, executor, stop: () => gateway.stop() };
}

/** RemoteGraphQLDataSource's path over a SubgraphDataSource's transport, headers, notes and errors. */
class ApolloDataSource extends RemoteGraphQLDataSource<GatewayRequestContext> {
  constructor(private readonly source: SubgraphDataSource) {
    super({ url: source.subgraphUrl });
    this.fetcher = source.subgraphFetcher as never;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayRequestContext>): void {
    const headers = request.http?.headers;
    if (!headers || !context) return;
    for (const [name, value] of Object.entries(this.source.headersFor(context as GatewayRequestContext))) headers.set(name, value);
  }

  override process(options: GraphQLDataSourceProcessOptions<GatewayRequestContext>): Promise<GatewayGraphQLResponse> {
    return this.source.observed(async () => this.source.withConcreteTypenames(await this.audited(options)), (response) => (response as { http?: SubgraphResponse }).http?.status ?? 0);
  }

  private async audited(options: GraphQLDataSourceProcessOptions<GatewayRequestContext>): Promise<GatewayGraphQLResponse> {
    const fetches = options.context?.fetches;
    if (!fetches) return super.process(options);
    const { query, variables } = options.request;
    const representations = (variables as { representations?: { uscc?: unknown }[] } | undefined)?.representations ?? [];
    const note = this.source.fetchNote(fetches, representations.map((r) => r.uscc).filter((u): u is string => typeof u === 'string'));
    try {
      const response = await super.process(options);
      // Hashes of the exact bytes that crossed the wire, kept by the fetcher.
      const wire = (response as { http?: SubgraphResponse }).http;
      note(wire?.requestHash() ?? sha256Hex(JSON.stringify({ query, variables })), wire?.bodyHash() ?? null, response.errors?.length ? 'ERRORS' : 'OK');
      return response;
    } catch (error) {
      note(sha256Hex(JSON.stringify({ query, variables })), null, (error as { extensions?: { code?: string } }).extensions?.code ?? 'FAILED');
      throw error;
    }
  }

  override didReceiveResponse<T>({ response, context }: { response: T & { http?: { headers: { get(name: string): string | null } } }; context: GatewayRequestContext }): T {
    this.source.countCosts(response.http?.headers, context);
    return response;
  }

  override didEncounterError(error: Error): never {
    return this.source.mapError(error);
  }
}
