import { createTestKeys, type TestKeys } from '../../helpers/test-keys';
import { composeSupergraph } from './compose';
import type { ConformanceRequest, ConformanceResponse, Feature, Scenario, SubgraphTraffic } from './scenario';
import { startSubgraph, type RunningSubgraph } from './subgraph-server';
import { apolloGateway, removeAuditLogs, targetUnderTest, type GatewayTarget, type GatewayUnderTest } from './targets';

/** Every request carries a token with these scopes; features guard fields with them, so nothing is removed. */
export const CONFORMANCE_SCOPES = ['conformance:read', 'conformance:write'];

interface Observed {
  readonly response: ConformanceResponse;
  /** The body exactly as parsed from the wire (key order kept), for the byte comparison. */
  readonly text: string;
  readonly traffic: SubgraphTraffic;
}

async function send(url: string, request: ConformanceRequest, token: string): Promise<{ response: ConformanceResponse; text: string }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
  let response: Response;
  if (request.method === 'GET') {
    const params = new URLSearchParams({ query: request.query });
    if (request.variables) params.set('variables', JSON.stringify(request.variables));
    if (request.operationName) params.set('operationName', request.operationName);
    // Apollo Server's CSRF prevention wants a preflight header on GET; ours ignores it.
    response = await fetch(`${url}?${params}`, { headers: { ...headers, 'apollo-require-preflight': 'true' } });
  } else {
    response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName }),
    });
  }
  const raw = await response.text();
  const body = JSON.parse(raw) as ConformanceResponse['body'];
  const seen: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    seen[name] = value;
  });
  return { response: { status: response.status, body, headers: seen }, text: JSON.stringify(body) };
}

function expectResponse(observed: Observed, wanted: ConformanceResponse, who: string): void {
  const { status, body } = observed.response;
  expect({ who, status, body }).toEqual({ who, status: wanted.status, body: wanted.body });
  for (const [name, value] of Object.entries(wanted.headers ?? {})) {
    expect({ who, header: name, value: observed.response.headers?.[name] }).toEqual({ who, header: name, value });
  }
}

/**
 * One describe per feature: its subgraphs over real HTTP, the supergraph composed from them, the
 * reference gateway and the gateway under test side by side; every scenario runs through both.
 */
export function describeFeatures(features: readonly Feature[], options: { target?: (keys: TestKeys) => GatewayTarget } = {}): void {
  let keys: TestKeys;
  let token: string;
  beforeAll(async () => {
    keys = await createTestKeys();
    token = await keys.sign({ scope: CONFORMANCE_SCOPES.join(' '), sub: 'conformance', azp: 'conformance-suite' });
  });
  afterAll(removeAuditLogs);

  for (const feature of features) {
    describe(feature.name, () => {
      let subgraphs: RunningSubgraph[] = [];
      let reference: GatewayUnderTest | undefined;
      let underTest: GatewayUnderTest | undefined;

      beforeAll(async () => {
        subgraphs = await Promise.all(feature.subgraphs.map(startSubgraph));
        const supergraphSdl = composeSupergraph(feature.subgraphs, new Map(subgraphs.map((s) => [s.name, s.url])));
        const target = options.target ? options.target(keys) : targetUnderTest(keys.env);
        [reference, underTest] = await Promise.all([apolloGateway.start(supergraphSdl), target.start(supergraphSdl)]);
      });

      afterAll(async () => {
        const closed = await Promise.allSettled([reference?.close(), underTest?.close()]);
        await Promise.all(subgraphs.map((s) => s.close()));
        for (const outcome of closed) if (outcome.status === 'rejected') throw outcome.reason;
      });

      const run = async (gateway: GatewayUnderTest, scenario: Scenario): Promise<Observed> => {
        feature.reset?.();
        for (const subgraph of subgraphs) subgraph.clear();
        const { response, text } = await send(gateway.url, scenario.request, token);
        const traffic = Object.fromEntries(subgraphs.map((s) => [s.name, [...s.requests]]));
        return { response, text, traffic };
      };

      for (const scenario of feature.scenarios) {
        it(scenario.name, async () => {
          const library = scenario.library ?? { verdict: 'right' as const };
          const apollo = await run(reference!, scenario);
          const ours = await run(underTest!, scenario);
          if (library.verdict === 'right') {
            expectResponse(apollo, scenario.expected, '@apollo/gateway');
            expectResponse(ours, scenario.expected, 'this gateway');
            // Byte for byte, key order included, once both are parsed from the wire.
            expect(ours.text).toBe(apollo.text);
          } else if (library.verdict === 'wrong-unfixed') {
            expectResponse(apollo, library.libraryResponse, '@apollo/gateway');
            expectResponse(ours, library.libraryResponse, 'this gateway');
            expect(ours.text).toBe(apollo.text);
          } else {
            expectResponse(apollo, library.libraryResponse, '@apollo/gateway');
            expectResponse(ours, scenario.expected, 'this gateway');
          }
          scenario.traffic?.(apollo.traffic, 'reference');
          scenario.traffic?.(ours.traffic, 'under test');
        });
      }
    });
  }
}
