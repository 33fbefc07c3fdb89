import { GATEWAY_PROOF_HEADER, signGatewayRequest } from '../../common/gateway-proof/gateway-proof';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  body: {
    data?: T | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
}

/** POSTs a GraphQL request over real HTTP. */
export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<T>['body'] };
}

/**
 * POSTs straight to a subgraph as the gateway would: with a fresh `x-gateway-proof` made with the
 * stack's shared key (`stack.env.GATEWAY_PROOF_KEY`). The proof header is returned too, so a test
 * can replay it.
 */
export async function postAsGateway<T = Record<string, unknown>>(
  subgraphUrl: string,
  audience: string,
  keyHex: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T> & { proof: string; sentBody: string }> {
  const body = JSON.stringify({ query, variables });
  const requestId = headers['x-request-id'] ?? '';
  const proof = signGatewayRequest(Buffer.from(keyHex, 'hex'), { method: 'POST', path: new URL(subgraphUrl).pathname, audience, requestId, body });
  const response = await fetch(subgraphUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers, [GATEWAY_PROOF_HEADER]: proof },
    body,
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<T>['body'], proof, sentBody: body };
}
