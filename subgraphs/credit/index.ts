import type { AgencyDefinition } from '../shared/agency';
import { createCreditLoaders, type CreditLoaders } from './data/loaders';
import { migrations } from './data/migrations';
import { openCreditRepository, type CreditRepository } from './data/repository';
import { seedCredit } from './data/seed';
import { buildCreditSchema } from './schema';

export const credit: AgencyDefinition<CreditRepository, CreditLoaders> = {
  name: 'credit',
  title: 'NDRC national credit-information sharing platform (全国信用信息共享平台 / 信用中国): double publicity, lists, repair',
  migrations,
  openRepository: openCreditRepository,
  createLoaders: createCreditLoaders,
  buildSchema: buildCreditSchema,
  seed: seedCredit,
};
