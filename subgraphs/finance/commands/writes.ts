import type { CommandEnvironment, SubgraphContext } from '../../shared/agency';
import { openAgencyWrites, type AgencyWrites } from '../../shared/commands/agency-writes';
import type { SqliteDatabase } from '../../shared/database';
import { openFinanceProjections, type FinanceProjections } from '../data/command-repository';
import type { FinanceLoaders } from '../data/loaders';

export type FinanceWrites = AgencyWrites<FinanceProjections>;
export type FinanceContext = SubgraphContext<FinanceLoaders, FinanceWrites | null>;

export function openFinanceWrites(writer: SqliteDatabase, environment: CommandEnvironment): FinanceWrites {
  return openAgencyWrites(writer, environment, openFinanceProjections);
}

/** Custody is supervised where the institution is registered: USCC digits 3-8 (GB 32100). */
export function custodyRegion(uscc: string): string {
  return uscc.slice(2, 8);
}
