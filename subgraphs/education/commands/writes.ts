import type { CommandEnvironment } from '../../shared/agency';
import { openAgencyWrites, type AgencyWrites } from '../../shared/commands/agency-writes';
import type { AgencyDatabase } from '../../shared/database';
import { openEducationProjections, type EducationProjections } from '../data/command-repository';

export type EducationWrites = AgencyWrites<EducationProjections>;

export function openEducationWrites(writer: AgencyDatabase, environment: CommandEnvironment): EducationWrites {
  return openAgencyWrites(writer, environment, openEducationProjections);
}
