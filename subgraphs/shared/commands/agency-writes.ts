import type { CommandEnvironment, SubgraphContext } from '../agency';
import type { SqliteDatabase } from '../database';
import { officerOf, type Actor } from './actor';
import type { CommandStore } from './command-store';
import { openSqliteCommandStore } from './sqlite-command-store';

/** An agency's command side: its store (with its projections) and the services configuration gave. */
export interface AgencyWrites<P> {
  readonly store: CommandStore<P>;
  readonly environment: CommandEnvironment;
}

export function openAgencyWrites<P>(writer: SqliteDatabase, environment: CommandEnvironment, projections: (db: SqliteDatabase) => P): AgencyWrites<P> {
  return { store: openSqliteCommandStore(writer, projections(writer)), environment };
}

/** The command side and the acting officer; an app built without a writer has no command side. */
export function commandSide<P>(ctx: SubgraphContext<unknown, AgencyWrites<P> | null>): { writes: AgencyWrites<P>; actor: Actor; now: Date } {
  if (!ctx.writes) throw new Error('the subgraph was built without its command side');
  return { writes: ctx.writes, actor: officerOf(ctx.principal), now: ctx.writes.environment.now() };
}
