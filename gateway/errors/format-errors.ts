import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { GATEWAY_ERROR_CODES, type GatewayErrorCode, type GraphQLErrorBody } from './error-catalogue';

const KNOWN_CODES = new Set<string>(Object.keys(GATEWAY_ERROR_CODES));
/** Codes @apollo/gateway and the subgraphs use that clients may see unchanged. */
const PASS_THROUGH = new Set(['DOWNSTREAM_SERVICE_ERROR']);

/**
 * Every error leaves the gateway with a catalogue code. One with no code, or an unknown one,
 * is treated as a bug: the client sees INTERNAL_SERVER_ERROR and nothing of its message.
 */
export function toErrorBody(error: GraphQLError | GraphQLFormattedError, fallback: GatewayErrorCode): GraphQLErrorBody {
  const json = 'toJSON' in error && typeof error.toJSON === 'function' ? error.toJSON() : (error as GraphQLFormattedError);
  const code = json.extensions?.code;
  if (code === undefined) return { ...json, extensions: { ...json.extensions, code: fallback } } as GraphQLErrorBody;
  if (typeof code === 'string' && (KNOWN_CODES.has(code) || PASS_THROUGH.has(code))) return json as GraphQLErrorBody;
  return { message: json.message, path: json.path, locations: json.locations, extensions: { ...json.extensions, code: fallback } };
}
