import type { AgencyName } from './agency';

/** Where `npm start` puts each subgraph, and the URLs the committed supergraph names. */
export const DEFAULT_SUBGRAPH_PORTS: Readonly<Record<AgencyName, number>> = {
  education: 4001,
  market: 4002,
  credit: 4003,
  ip: 4004,
  finance: 4005,
};

export function defaultSubgraphUrl(name: AgencyName): string {
  return `http://127.0.0.1:${DEFAULT_SUBGRAPH_PORTS[name]}/graphql`;
}
