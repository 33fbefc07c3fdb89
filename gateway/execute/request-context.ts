import type { Principal } from '../../common/principal';

/** One subgraph fetch as the audit sees it: hashes of what travelled, not the data. */
export interface FetchFact {
  readonly subgraph: string;
  readonly requestHash: string;
  readonly responseHash: string | null;
  readonly durationMs: number;
  readonly outcome: string;
  /** Institutions the fetch asked about (entity representations). */
  readonly usccs: readonly string[];
}

/** What the gateway knows about one request; handed to every subgraph fetch. */
export interface GatewayRequestContext {
  readonly requestId: string;
  readonly principal: Principal;
  /** The bearer token, only once the gateway has verified it; never forwarded otherwise. */
  readonly verifiedToken: string | null;
  /** Per-subgraph fetch and SQL counts, collected only when EXPOSE_SUBGRAPH_COSTS is on. */
  readonly subgraphCosts: Record<string, { fetches: number; sqlQueries: number }> | null;
  /** Where each subgraph fetch is noted for the audit; null when audit is off. */
  readonly fetches: FetchFact[] | null;
}
