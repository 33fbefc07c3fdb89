/**
 * The gateway's client-facing error catalogue: every error a client receives from the gateway
 * carries one of these codes in `extensions.code`. The README's table is checked against it.
 */
export const GATEWAY_ERROR_CODES = {
  BAD_REQUEST: 'The HTTP request is not a GraphQL request (body, method or content type).',
  GRAPHQL_PARSE_FAILED: 'The query is not valid GraphQL syntax.',
  GRAPHQL_VALIDATION_FAILED: 'The query does not fit the schema.',
  BAD_USER_INPUT: 'An argument or variable is malformed or out of range; the message names it.',
  UNAUTHENTICATED: 'An Authorization header was sent but its token could not be verified (HTTP 401).',
  UNAUTHORIZED_FIELD_OR_TYPE: 'The caller may not see this field or type; it is returned as null.',
  FORBIDDEN: 'A command outside the officer\'s region, or from a token naming no officer or region; nothing was written.',
  CONFLICT: 'A command expected a version of the record that is no longer current; nothing was written.',
  SUBGRAPH_UNAVAILABLE: 'An agency subgraph could not be reached or answered garbage; its fields are null.',
  GATEWAY_TIMEOUT: 'An agency subgraph did not answer in time; its fields are null.',
  AUDIT_UNAVAILABLE: 'The audit log cannot be written, so non-public data is not served (HTTP 503).',
  INTERNAL_SERVER_ERROR: 'A bug; details are in the gateway log only.',
} as const;

export type GatewayErrorCode = keyof typeof GATEWAY_ERROR_CODES;

export interface GraphQLErrorBody {
  message: string;
  path?: readonly (string | number)[];
  locations?: readonly { line: number; column: number }[];
  extensions: { code: GatewayErrorCode } & Record<string, unknown>;
}

export function gatewayError(code: GatewayErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLErrorBody {
  return { message, extensions: { ...extra, code } };
}
