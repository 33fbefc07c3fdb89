import type { CommandEnvironment, SubgraphContext } from '../../shared/agency';
import { openAgencyWrites, type AgencyWrites } from '../../shared/commands/agency-writes';
import type { SqliteDatabase } from '../../shared/database';
import { openMarketProjections, type MarketProjections } from '../data/command-repository';
import type { MarketLoaders } from '../data/loaders';

export type MarketWrites = AgencyWrites<MarketProjections>;
export type MarketContext = SubgraphContext<MarketLoaders, MarketWrites | null>;

export function openMarketWrites(writer: SqliteDatabase, environment: CommandEnvironment): MarketWrites {
  return openAgencyWrites(writer, environment, openMarketProjections);
}

/** Market regulation's jurisdiction over an enterprise is its registering office: USCC digits 3-8 (GB 32100). */
export function registeringRegion(uscc: string): string {
  return uscc.slice(2, 8);
}
