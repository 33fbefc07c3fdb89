import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { SQL_QUERIES_HEADER } from '../subgraphs/shared/create-subgraph-app';
import type { GatewayRequestContext } from './request-context';

/**
 * How the gateway talks to one subgraph: over keep-alive HTTP with a deadline, forwarding only
 * the token the gateway itself verified, and turning every transport failure into an error that
 * names the subgraph instead of a stack trace.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayRequestContext> {
  constructor(readonly subgraphName: string, url: string, private readonly timeoutMs: number) {
    super({ url });
    this.fetcher = ((input: string, init: RequestInit) =>
      fetch(input, { ...init, signal: AbortSignal.timeout(this.timeoutMs) })) as never;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayRequestContext>): void {
    const headers = request.http?.headers;
    if (!headers || !context) return;
    if (context.verifiedToken) headers.set('authorization', `Bearer ${context.verifiedToken}`);
    if (context.principal?.purpose) headers.set('x-purpose', context.principal.purpose);
    headers.set('x-request-id', context.requestId);
  }

  override didReceiveResponse<T>({ response, context }: { response: T & { http?: { headers: { get(name: string): string | null } } }; context: GatewayRequestContext }): T {
    const costs = context.subgraphCosts;
    if (costs) {
      const entry = (costs[this.subgraphName] ??= { fetches: 0, sqlQueries: 0 });
      entry.fetches += 1;
      entry.sqlQueries += Number(response.http?.headers.get(SQL_QUERIES_HEADER) ?? 0);
    }
    return response;
  }

  override didEncounterError(error: Error): never {
    const name = this.subgraphName;
    if (error.name === 'TimeoutError' || error.name === 'AbortError') {
      throw new GraphQLError(`Subgraph "${name}" did not answer within ${this.timeoutMs} ms`, {
        extensions: { code: 'GATEWAY_TIMEOUT', serviceName: name },
      });
    }
    const status = (error as { extensions?: { response?: { status?: number } } }).extensions?.response?.status;
    const reason = status ? `answered HTTP ${status}` : error.message.startsWith('Expected JSON') || error instanceof SyntaxError
      ? 'answered with something that is not a GraphQL response'
      : 'could not be reached';
    throw new GraphQLError(`Subgraph "${name}" ${reason}`, { extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: name } });
  }
}
