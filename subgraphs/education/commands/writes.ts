import type { CommandEnvironment } from '../../shared/agency';
import type { CommandStore } from '../../shared/commands/command-store';
import { openSqliteCommandStore } from '../../shared/commands/sqlite-command-store';
import type { SqliteDatabase } from '../../shared/database';
import { openEducationProjections, type EducationProjections } from '../data/command-repository';

/** What the education command resolvers use: their store and the services configuration gave. */
export interface EducationWrites {
  readonly store: CommandStore<EducationProjections>;
  readonly environment: CommandEnvironment;
}

export function openEducationWrites(writer: SqliteDatabase, environment: CommandEnvironment): EducationWrites {
  return { store: openSqliteCommandStore(writer, openEducationProjections(writer)), environment };
}
