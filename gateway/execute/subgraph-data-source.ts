import { context as otelContext } from '@opentelemetry/api';
import { GraphQLError } from 'graphql';
import { SQL_QUERIES_HEADER } from '../../common/cost-header';
import { sha256Hex } from '../../common/gateway-proof/gateway-proof';
import { injectTraceContext } from '../../common/telemetry/trace-context';
import { observeFetch, type GatewayTelemetry } from '../telemetry/gateway-telemetry';
import type { SubgraphAnswer, SubgraphSender } from './plan/plan-executor';
import type { GatewayRequestContext } from './request-context';
import { createSubgraphFetcher, type SubgraphProof, type SubgraphResponse } from './subgraph-fetcher';

/**
 * How the gateway talks to one subgraph: over keep-alive HTTP with a deadline, forwarding only
 * the token the gateway itself verified, and turning every transport failure into an error that
 * names the subgraph instead of a stack trace. Our plan executor calls send(); @apollo/gateway's
 * executor calls it through apollo-executor.ts, which wraps it only when that executor is loaded.
 */
export class SubgraphDataSource implements SubgraphSender {
  readonly subgraphFetcher: ReturnType<typeof createSubgraphFetcher>;
  private readonly proof: SubgraphProof | null;

  /**
   * @param telemetry where the call is timed and traced (gateway/telemetry).
   * @param proofKey the key every request to the subgraph is proven with (GATEWAY_PROOF_KEY).
   * @param interfaceObjects the interfaces this subgraph declares `@interfaceObject`: an entity it
   * returns for one says `__typename: "<the interface>"`, which must not replace the concrete type
   * the owner of the implementations gave (see `withConcreteTypenames`).
   */
  constructor(
    readonly subgraphName: string,
    readonly subgraphUrl: string,
    private readonly timeoutMs: number,
    private readonly telemetry: GatewayTelemetry,
    proofKey: Buffer | null = null,
    private readonly interfaceObjects: ReadonlySet<string> = new Set(),
  ) {
    this.proof = proofKey ? { key: proofKey, audience: subgraphName } : null;
    this.subgraphFetcher = createSubgraphFetcher(timeoutMs, undefined, this.proof);
  }

  /** The headers of every call to this subgraph, on both execution paths. */
  headersFor(context: GatewayRequestContext): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (context.verifiedToken) headers.authorization = `Bearer ${context.verifiedToken}`;
    if (context.principal?.purpose) headers['x-purpose'] = context.principal.purpose;
    headers['x-request-id'] = context.requestId;
    // Called inside the `subgraph` span (see observed), so traceparent names it.
    if (this.telemetry.tracer) injectTraceContext(otelContext.active(), { set: (name, value) => (headers[name] = value) });
    return headers;
  }

  /** One call in its `subgraph` span and timed for http_client_request_duration_seconds. */
  async observed<T extends { errors?: readonly unknown[] }>(call: () => Promise<T>, statusOf: (result: T) => number): Promise<T> {
    const observation = observeFetch(this.telemetry, this.subgraphName, this.subgraphUrl);
    try {
      const result = observation.context ? await otelContext.with(observation.context, call) : await call();
      observation.end(statusOf(result), result.errors?.length ? 'GRAPHQL_ERROR' : null);
      return result;
    } catch (error) {
      observation.end(0, (error as { extensions?: { code?: string } }).extensions?.code ?? 'FAILED');
      throw error;
    }
  }

  /**
   * One call as the plan executor makes it: the request body already written, the answer parsed
   * once. Failures, audit notes and costs are those of @apollo/gateway's path (apollo-executor.ts):
   * the same errors for the same failures.
   */
  send(body: string, usccs: readonly string[], context: GatewayRequestContext): Promise<SubgraphAnswer> {
    // sendNoted returns only what a 2xx carried (parseAnswer throws on any other status).
    return this.observed(() => this.sendNoted(body, usccs, context), () => 200);
  }

  private async sendNoted(body: string, usccs: readonly string[], context: GatewayRequestContext): Promise<SubgraphAnswer> {
    const fetches = context.fetches;
    const note = this.fetchNote(fetches, usccs);
    let response: SubgraphResponse;
    let answer: SubgraphAnswer;
    try {
      response = await this.subgraphFetcher(this.subgraphUrl, { method: 'POST', headers: this.headersFor(context), body });
      answer = parseAnswer(response, await response.text());
    } catch (error) {
      try {
        this.mapError(error as Error);
      } catch (mapped) {
        if (fetches) note(sha256Hex(body), null, (mapped as { extensions?: { code?: string } }).extensions?.code ?? 'FAILED');
        throw mapped;
      }
    }
    this.countCosts(response.headers, context);
    if (fetches) note(response.requestHash(), response.bodyHash(), answer.errors?.length ? 'ERRORS' : 'OK');
    return this.withConcreteTypenames(answer);
  }

  /** Started when a call starts; records it, once it ends, among the request's fetches for the audit. */
  fetchNote(fetches: GatewayRequestContext['fetches'], usccs: readonly string[]): (requestHash: string, responseHash: string | null, outcome: string) => void {
    const started = performance.now();
    return (requestHash, responseHash, outcome) =>
      void fetches?.push({ subgraph: this.subgraphName, requestHash, responseHash, durationMs: Math.round((performance.now() - started) * 100) / 100, outcome, usccs });
  }

  countCosts(headers: { get(name: string): string | null } | undefined, context: GatewayRequestContext): void {
    const costs = context.subgraphCosts;
    if (!costs) return;
    const entry = (costs[this.subgraphName] ??= { fetches: 0, sqlQueries: 0 });
    entry.fetches += 1;
    entry.sqlQueries += Number(headers?.get(SQL_QUERIES_HEADER) ?? 0);
  }

  /** A trivial query over the same (signed) transport, for `/ready`: 'ok', 'timeout', 'unreachable' or 'HTTP <status>'. */
  async probe(timeoutMs: number): Promise<string> {
    const fetcher = createSubgraphFetcher(timeoutMs, 1, this.proof);
    try {
      const response = await fetcher(this.subgraphUrl, {
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

  /**
   * @apollo/gateway merges an `_entities` answer onto the entity it already holds, `__typename`
   * included: an interface object's subgraph answers `__typename: "Account"` (an interface), which
   * overwrites `"Person"`, and the library then nulls the whole entity, without an error, often all
   * the way up to `data: null`. Left out, the entity keeps the concrete type it had (on both
   * execution paths).
   */
  withConcreteTypenames<T extends { readonly data?: unknown }>(response: T): T {
    const entities = (response.data as { _entities?: unknown } | null | undefined)?._entities;
    if (this.interfaceObjects.size === 0 || !Array.isArray(entities)) return response;
    for (const entity of entities) {
      const typename = (entity as { __typename?: unknown } | null)?.__typename;
      if (typeof typename === 'string' && this.interfaceObjects.has(typename)) delete (entity as { __typename?: unknown }).__typename;
    }
    return response;
  }

  /** A transport failure as the error clients see: it names the subgraph, not the stack. */
  mapError(error: Error): never {
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

/**
 * The body as RemoteGraphQLDataSource reads it: JSON by content type, else text (which is not a
 * GraphQL response); a failed status is an error carrying it, after its JSON body is parsed.
 */
function parseAnswer(response: SubgraphResponse, text: string): SubgraphAnswer {
  const type = response.headers.get('content-type');
  const json = !!type && (type.startsWith('application/json') || type.startsWith('application/graphql-response+json'));
  if (!response.ok) {
    const body = json ? JSON.parse(text) as unknown : text;
    throw new GraphQLError(`${response.status}: ${response.statusText}`, {
      extensions: {
        response: { url: response.url, status: response.status, statusText: response.statusText, body },
        ...(response.status === 401 ? { code: 'UNAUTHENTICATED' } : response.status === 403 ? { code: 'FORBIDDEN' } : {}),
      },
    });
  }
  const body = json ? JSON.parse(text) as unknown : text;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error(`Expected JSON response body, but received: ${body}`);
  return body as SubgraphAnswer;
}
