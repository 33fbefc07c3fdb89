import type { DocumentNode, OperationDefinitionNode, OperationTypeNode } from 'graphql';
import type { Principal } from '../../common/principal';
import type { DeniedField } from '../authorize/filter-operation';
import type { GraphQLErrorBody } from '../errors/error-catalogue';
import type { FetchFact } from '../execute/request-context';
import type { MutationFieldOutcome } from '../execute/serial-mutation';

/** One GraphQL request as the HTTP layer hands it to the pipeline. */
export interface OperationRequest {
  /** GET carries queries only (GraphQL over HTTP): a mutation over GET is refused with 405. */
  readonly method: 'GET' | 'POST';
  readonly body: unknown;
  readonly authorization: string | undefined;
  readonly purpose: string | undefined;
  readonly requestId: string;
  /** The caller's network address; the audit keeps only a keyed hash of it. */
  readonly clientAddress: string;
}

export interface OperationResponse {
  readonly status: number;
  readonly body: { data?: Record<string, unknown> | null; errors?: GraphQLErrorBody[]; extensions?: Record<string, unknown> };
  /** HTTP headers the answer carries besides its content type and request id (rate limits, cache control, `allow` on a 405). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The request once its body has been read. The query text may be absent when the client names
 * a persisted document instead (`extensions.persistedQuery.sha256Hash` or `documentId`).
 */
export interface RequestedOperation {
  readonly query: string | null;
  readonly operationName: string | null;
  readonly variables: Record<string, unknown>;
  /** The id of a registered or automatically persisted document, when the client sent one. */
  readonly documentId: string | null;
  /** True when the id came as an APQ hash (`extensions.persistedQuery`), false for `documentId`. */
  readonly apq: boolean;
}

/** The request with its query text known: the query and what goes with it. */
export interface OperationText {
  readonly query: string;
  readonly operationName: string | null;
  readonly variables: Record<string, unknown>;
}

/** A parsed, validated document and the one operation of it this request runs. */
export interface SelectedOperation {
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
}

/**
 * What the pipeline learns about one operation, gathered stage by stage, for its audit record.
 * Stages write it; only the audit stage reads all of it.
 */
export interface OperationFacts {
  readonly started: number;
  principal: Principal;
  readonly fetches: FetchFact[];
  query?: string;
  operationName?: string | null;
  variables?: Record<string, unknown>;
  /** The jose reason a token was refused for: the audit's, never the client's. */
  tokenRejection?: string;
  denied?: readonly DeniedField[];
  /** What would still be denied had the caller stated a declared purpose. */
  deniedWithPurpose?: readonly DeniedField[];
  /** What would still be denied had every policy the operation mentions been granted. */
  deniedWithPolicies?: readonly DeniedField[];
  /** The document actually planned (after authorization removed fields). */
  executed?: DocumentNode;
  operationType?: OperationTypeNode;
  /** A mutation's root fields in order, and what became of each (for its audit record). */
  mutationFields?: readonly MutationFieldOutcome[];
  /** Where the query text came from when it was not sent in full. */
  document?: { readonly source: 'manifest' | 'apq' | 'apq-registered'; readonly id: string };
  /** Operation limits the operation went over (refused, or served in warn-only mode). */
  limitsExceeded?: readonly { readonly limit: string; readonly measured: number; readonly max: number }[];
  /** Demand control: the static estimate, the cost measured on the response, and the caller's maximum. */
  cost?: { readonly estimated: number; actual?: number; readonly max: number; readonly mode: string };
  /** Set when the request was refused by a rate limit: which window ran out. */
  rateLimited?: 'requests' | 'cost';
}

/** A stage either hands its result to the next one or answers the request itself. */
export type StageResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly response: OperationResponse };

export const proceed = <T>(value: T): StageResult<T> => ({ ok: true, value });
export const answer = (response: OperationResponse): StageResult<never> => ({ ok: false, response });
