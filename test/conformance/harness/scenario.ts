/**
 * What a conformance feature is: a small supergraph (2-4 subgraphs composed in the test) and the
 * requests run against it, each with the response written by hand and what plain @apollo/gateway
 * answers.
 */
/** Resolvers as @apollo/subgraph takes them: type name → field name → resolver (or `__resolveReference`). */
export type Resolvers = Record<string, Record<string, unknown> | unknown>;

export interface SubgraphDefinition {
  readonly name: string;
  readonly typeDefs: string;
  readonly resolvers: Resolvers;
  /**
   * Called before a request is executed: return 'drop' to destroy the connection without an
   * answer (a subgraph that dies mid-request).
   */
  readonly intercept?: (request: RecordedSubgraphRequest) => 'drop' | undefined;
}

export interface ConformanceRequest {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
  /** POST (default) sends JSON; GET puts the request in the query string. */
  readonly method?: 'GET' | 'POST';
}

export interface ConformanceResponse {
  readonly status: number;
  readonly body: { readonly data?: unknown; readonly errors?: readonly unknown[]; readonly extensions?: unknown };
  /** Response headers to check (lower-case names); others are not compared. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * How plain @apollo/gateway does on a scenario:
 * - `right`: it answers `expected`, and this gateway must answer the same bytes;
 * - `wrong-fixed`: it answers `libraryResponse` for `reason`; this gateway answers `expected`;
 * - `wrong-unfixed`: it answers `libraryResponse`, and so does this gateway (we could not fix it
 *   without forking the planner); `expected` is what a correct gateway would answer;
 * - `differs-by-design`: the HTTP host (Apollo Server), not the federation library, answers
 *   `libraryResponse`; this gateway answers `expected` on purpose (its own codes and rules).
 */
export type LibraryVerdict =
  | { readonly verdict: 'right' }
  | { readonly verdict: 'wrong-fixed' | 'wrong-unfixed' | 'differs-by-design'; readonly reason: string; readonly libraryResponse: ConformanceResponse };

/** Requests each subgraph received while one gateway served one scenario. */
export type SubgraphTraffic = Readonly<Record<string, readonly RecordedSubgraphRequest[]>>;

export interface RecordedSubgraphRequest {
  readonly query: string;
  readonly variables: Record<string, unknown> | undefined;
}

export interface Scenario {
  readonly name: string;
  readonly request: ConformanceRequest;
  readonly expected: ConformanceResponse;
  /** Defaults to `right`. */
  readonly library?: LibraryVerdict;
  /** Further checks on what the subgraphs were asked, run once per gateway. */
  readonly traffic?: (traffic: SubgraphTraffic, gateway: 'reference' | 'under test') => void;
}

export interface Feature {
  /** The folder name; one feature per folder under test/conformance/. */
  readonly name: string;
  readonly subgraphs: readonly SubgraphDefinition[];
  readonly scenarios: readonly Scenario[];
  /** Puts the subgraphs' data back as it was, before each gateway runs a scenario (for mutations). */
  readonly reset?: () => void;
}

export const RIGHT: LibraryVerdict = { verdict: 'right' };

/**
 * The library's most frequent slip: a null it makes while completing a value (a non-null field a
 * subgraph left null, an enum value the API schema lacks) is reported in
 * `extensions.valueCompletion` instead of `errors`, and dropped when a subgraph also reported an
 * error. `expected` is the correct answer, whose errors are those completion errors.
 */
export function completionInExtensions(expected: ConformanceResponse): LibraryVerdict {
  const { errors, data } = expected.body;
  return {
    verdict: 'wrong-fixed',
    reason: 'reports the null it makes while completing a value in extensions.valueCompletion, not in errors',
    libraryResponse: { status: expected.status, body: { extensions: { valueCompletion: errors }, data } },
  };
}
