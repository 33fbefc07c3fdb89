import type { Principal } from '../common/principal';

/** What the gateway knows about one request; handed to every subgraph fetch. */
export interface GatewayRequestContext {
  readonly requestId: string;
  readonly principal: Principal;
  /** The bearer token, only once the gateway has verified it; never forwarded otherwise. */
  readonly verifiedToken: string | null;
  /** Per-subgraph fetch and SQL counts, collected only when EXPOSE_SUBGRAPH_COSTS is on. */
  readonly subgraphCosts: Record<string, { fetches: number; sqlQueries: number }> | null;
}
