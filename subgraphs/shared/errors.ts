import { GraphQLError } from 'graphql';

/**
 * The subgraphs' client-facing error catalogue. Every error a subgraph returns carries one of
 * these codes in `extensions.code`; the gateway has its own catalogue that shares the words.
 */
export const SUBGRAPH_ERROR_CODES = {
  BAD_USER_INPUT: 'An argument is malformed or out of range; the message names it.',
  UNAUTHENTICATED: 'A token was sent but could not be verified.',
  UNAUTHORIZED_FIELD_OR_TYPE: 'The caller may not see this field or type.',
  GATEWAY_PROOF_REQUIRED: 'The request does not carry a valid, fresh, first-seen proof that the gateway sent it (HTTP 401).',
  FORBIDDEN: 'The caller holds the scope but may not act on this record (outside its region, or its token names no officer or region); extensions.reason says which.',
  CONFLICT: 'The record changed since the version the command expected; nothing was written. Re-read and retry.',
  SUBGRAPH_UNAVAILABLE: 'Another agency whose data the command must check could not be read; nothing was written.',
  INTERNAL_SERVER_ERROR: 'A bug or storage failure; details are in the subgraph log only.',
  BAD_REQUEST: 'The HTTP request is not a GraphQL request (body, method).',
  NOT_FOUND: 'Nothing is served at that path (HTTP 404).',
  METHOD_NOT_ALLOWED: 'The path exists but not for that HTTP method (HTTP 405).',
  PAYLOAD_TOO_LARGE: 'The request body is too large (HTTP 413).',
  INVALID_CONTENT_TYPE_HEADER: 'The request body is not application/json (HTTP 415).',
  REQUEST_HEADER_FIELDS_TOO_LARGE: 'The request headers are too large (HTTP 431).',
  REQUEST_TIMEOUT: 'The request was not received in time (HTTP 408).',
} as const;

export type SubgraphErrorCode = keyof typeof SUBGRAPH_ERROR_CODES;

export function subgraphError(code: SubgraphErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extra, code } });
}

export function badUserInput(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return subgraphError('BAD_USER_INPUT', message, extra);
}
