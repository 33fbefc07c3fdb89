import { Kind, type GraphQLError, type GraphQLFormattedError } from 'graphql';
import { GATEWAY_ERROR_CODES, type GatewayErrorCode, type GraphQLErrorBody } from './error-catalogue';

const KNOWN_CODES = new Set<string>(Object.keys(GATEWAY_ERROR_CODES));
/**
 * Codes @apollo/gateway gives errors clients may see unchanged: a subgraph error without a code of
 * its own, and a subgraph value that does not fit the API schema (value completion).
 */
const LIBRARY_CODES = new Set(['DOWNSTREAM_SERVICE_ERROR', 'INVALID_GRAPHQL']);

/**
 * Every error leaves the gateway with a code. A subgraph's error (the library marks it with
 * `extensions.serviceName`) keeps the subgraph's code and message, as @apollo/gateway passes it;
 * the gateway's own errors carry a catalogue code. Any other error, with no code or an unknown one,
 * is treated as a bug: it gets `fallback`, and the shape stage masks INTERNAL_SERVER_ERROR.
 */
export function toErrorBody(error: GraphQLError | GraphQLFormattedError, fallback: GatewayErrorCode): GraphQLErrorBody {
  const json = 'toJSON' in error && typeof error.toJSON === 'function' ? error.toJSON() : (error as GraphQLFormattedError);
  const code = json.extensions?.code;
  if (typeof json.extensions?.serviceName === 'string' && typeof code === 'string') return json as GraphQLErrorBody;
  if (code === undefined) {
    const assigned = isVariableCoercionError(error) ? 'BAD_USER_INPUT' : fallback;
    return { ...json, extensions: { ...json.extensions, code: assigned } } as GraphQLErrorBody;
  }
  if (typeof code === 'string' && (KNOWN_CODES.has(code) || LIBRARY_CODES.has(code))) return json as GraphQLErrorBody;
  return { message: json.message, path: json.path, locations: json.locations, extensions: { ...json.extensions, code: fallback } };
}

/**
 * A variable's value does not fit its type (graphql-js's messages, as Apollo Server recognises
 * them): the client's mistake, BAD_USER_INPUT with HTTP 400.
 */
function isVariableCoercionError(error: GraphQLError | GraphQLFormattedError): boolean {
  const nodes = (error as GraphQLError).nodes;
  if (nodes?.length !== 1 || nodes[0]!.kind !== Kind.VARIABLE_DEFINITION) return false;
  const prefix = `Variable "$${nodes[0]!.variable.name.value}" `;
  return ['has invalid value', 'got invalid value ', 'of required type ', 'of non-null type '].some((rest) => error.message.startsWith(prefix + rest));
}
