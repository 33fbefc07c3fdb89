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
  FORBIDDEN: 'A command outside the officer\'s region, a step their administrative level may not take, or from a token naming no officer or region; nothing was written.',
  CONFLICT: 'A command expected a version of the record that is no longer current; nothing was written.',
  SUBGRAPH_UNAVAILABLE: 'An agency subgraph could not be reached or answered garbage; its fields are null.',
  GATEWAY_TIMEOUT: 'An agency subgraph did not answer in time; its fields are null.',
  MUTATION_FORBIDDEN: 'A mutation was sent with GET; mutations are only served over POST (HTTP 405, Allow: POST).',
  SUBSCRIPTION_NOT_SUPPORTED: 'The operation is a subscription; this gateway serves queries and mutations only.',
  AUDIT_UNAVAILABLE: 'The audit log cannot be written, so non-public data is not served (HTTP 503).',
  INTERNAL_SERVER_ERROR: 'A bug; details are in the gateway log only.',
  MAX_DEPTH_LIMIT: 'The operation nests fields deeper than the caller\'s max_depth (HTTP 400).',
  MAX_HEIGHT_LIMIT: 'The operation selects more distinct fields than the caller\'s max_height (HTTP 400).',
  MAX_ROOT_FIELDS_LIMIT: 'The operation has more root fields than the caller\'s max_root_fields (HTTP 400).',
  MAX_ALIASES_LIMIT: 'The operation uses more aliases than the caller\'s max_aliases (HTTP 400).',
  MAX_DIRECTIVES_LIMIT: 'The operation applies more directives than the caller\'s max_directives (HTTP 400).',
  COST_ESTIMATED_TOO_EXPENSIVE: 'The operation\'s estimated cost is above the caller\'s maximum (HTTP 400; extensions.cost).',
  REQUEST_RATE_LIMITED: 'The caller used up its requests or its cost for the current window (HTTP 429, Retry-After).',
  PERSISTED_QUERY_NOT_FOUND: 'No document is persisted under that hash: send it again with the query (automatic persisted queries).',
  PERSISTED_QUERY_NOT_SUPPORTED: 'Automatic persisted queries are switched off (APQ_ENABLED=false).',
  PERSISTED_QUERY_HASH_MISMATCH: 'The query sent does not hash to the sha256Hash sent with it (HTTP 400).',
  PERSISTED_QUERY_NOT_IN_LIST: 'The caller registered no operation with that id (HTTP 404).',
  CANNOT_SEND_PQ_ID_AND_BODY: 'A registered operation\'s id and a query were both sent while APQ is off (HTTP 400).',
  QUERY_NOT_IN_SAFELIST: 'The caller may run only its registered operations and this is not one of them (HTTP 403).',
  INTROSPECTION_DISABLED: 'Introspection (__schema, __type) is not allowed for this caller (HTTP 400; INTROSPECTION).',
  NOT_FOUND: 'Nothing is served at that path (HTTP 404).',
  METHOD_NOT_ALLOWED: 'The path exists but not for that HTTP method; `Allow` lists the ones it takes (HTTP 405).',
  PAYLOAD_TOO_LARGE: 'The request body is larger than the gateway accepts (HTTP 413).',
  INVALID_CONTENT_TYPE_HEADER: 'The request body is not application/json (HTTP 415).',
  REQUEST_HEADER_FIELDS_TOO_LARGE: 'The request headers are larger than the gateway accepts (HTTP 431).',
  REQUEST_TIMEOUT: 'The request was not received in time (HTTP 408).',
} as const;

export type GatewayErrorCode = keyof typeof GATEWAY_ERROR_CODES;

export interface GraphQLErrorBody {
  message: string;
  path?: readonly (string | number)[];
  locations?: readonly { line: number; column: number }[];
  /**
   * The gateway's own errors carry a catalogue code (gatewayError takes nothing else); an error a
   * subgraph reported keeps the subgraph's code and names it in `serviceName`.
   */
  extensions: { code: GatewayErrorCode | (string & {}) } & Record<string, unknown>;
}

export function gatewayError(code: GatewayErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLErrorBody {
  return { message, extensions: { ...extra, code } };
}
