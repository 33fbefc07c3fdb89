import { createHash } from 'node:crypto';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { SQL_QUERIES_HEADER } from '../../common/cost-header';
import type { GatewayRequestContext } from './request-context';
import { createSubgraphFetcher, type SubgraphProof, type SubgraphResponse } from './subgraph-fetcher';

/**
 * How the gateway talks to one subgraph: over keep-alive HTTP with a deadline, forwarding only
 * the token the gateway itself verified, and turning every transport failure into an error that
 * names the subgraph instead of a stack trace.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayRequestContext> {
  private readonly subgraphFetcher: ReturnType<typeof createSubgraphFetcher>;
  private readonly proof: SubgraphProof | null;

  /** `proofKey`: the key every request to the subgraph is proven with (GATEWAY_PROOF_KEY). */
  constructor(readonly subgraphName: string, url: string, private readonly timeoutMs: number, proofKey: Buffer | null = null) {
    super({ url });
    this.proof = proofKey ? { key: proofKey, audience: subgraphName } : null;
    this.subgraphFetcher = createSubgraphFetcher(timeoutMs, undefined, this.proof);
    this.fetcher = this.subgraphFetcher as never;
  }

  /** A trivial query over the same (signed) transport, for `/ready`: 'ok', 'timeout', 'unreachable' or 'HTTP <status>'. */
  async probe(timeoutMs: number): Promise<string> {
    const fetcher = createSubgraphFetcher(timeoutMs, 1, this.proof);
    try {
      const response = await fetcher(this.url as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'ready-probe' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      const body = (await response.json().catch(() => null)) as { data?: { __typename?: string } } | null;
      return response.ok && body?.data?.__typename === 'Query' ? 'ok' : `HTTP ${response.status}`;
    } catch (error) {
      return error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'unreachable';
    } finally {
      fetcher.close();
    }
  }

  /** Closes the kept-alive connections to the subgraph. */
  close(): void {
    this.subgraphFetcher.close();
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayRequestContext>): void {
    const headers = request.http?.headers;
    if (!headers || !context) return;
    if (context.verifiedToken) headers.set('authorization', `Bearer ${context.verifiedToken}`);
    if (context.principal?.purpose) headers.set('x-purpose', context.principal.purpose);
    headers.set('x-request-id', context.requestId);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayRequestContext>): Promise<GatewayGraphQLResponse> {
    const fetches = options.context?.fetches;
    if (!fetches) return super.process(options);
    const started = performance.now();
    const { query, variables } = options.request;
    const representations = (variables as { representations?: { uscc?: unknown }[] } | undefined)?.representations ?? [];
    const usccs = representations.map((r) => r.uscc).filter((u): u is string => typeof u === 'string');
    const note = (requestHash: string, responseHash: string | null, outcome: string) =>
      fetches.push({ subgraph: this.subgraphName, requestHash, responseHash, durationMs: Math.round((performance.now() - started) * 100) / 100, outcome, usccs });
    try {
      const response = await super.process(options);
      // Hashes of the exact bytes that crossed the wire, kept by the fetcher.
      const wire = (response as { http?: SubgraphResponse }).http;
      note(wire?.requestHash() ?? sha256(JSON.stringify({ query, variables })), wire?.bodyHash() ?? null, response.errors?.length ? 'ERRORS' : 'OK');
      return response;
    } catch (error) {
      note(sha256(JSON.stringify({ query, variables })), null, (error as { extensions?: { code?: string } }).extensions?.code ?? 'FAILED');
      throw error;
    }
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

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
