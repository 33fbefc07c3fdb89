import type { CommandEnvironment } from '../../shared/agency';
import { openAgencyWrites, type AgencyWrites } from '../../shared/commands/agency-writes';
import type { SqliteDatabase } from '../../shared/database';
import { openEducationProjections, type EducationProjections } from '../data/command-repository';

export type EducationWrites = AgencyWrites<EducationProjections>;

export function openEducationWrites(writer: SqliteDatabase, environment: CommandEnvironment): EducationWrites {
  return openAgencyWrites(writer, environment, openEducationProjections);
}
