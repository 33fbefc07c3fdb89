import type { AgencyDefinition } from '../shared/agency';
import { openEducationWrites, type EducationWrites } from './commands/writes';
import { createEducationLoaders, type EducationLoaders } from './data/loaders';
import { migrations } from './data/migrations';
import { openEducationRepository, type EducationRepository } from './data/repository';
import { seedEducation } from './data/seed';
import { buildEducationSchema } from './schema';

export const education: AgencyDefinition<EducationRepository, EducationLoaders, EducationWrites> = {
  name: 'education',
  title: 'Ministry of Education (教育部): online-education filing and supervision',
  migrations,
  openRepository: openEducationRepository,
  createLoaders: createEducationLoaders,
  openWrites: openEducationWrites,
  buildSchema: buildEducationSchema,
  seed: seedEducation,
};
