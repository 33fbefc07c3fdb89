import type { AgencyDefinition } from '../shared/agency';
import { openFinanceWrites, type FinanceWrites } from './commands/writes';
import { createFinanceLoaders, type FinanceLoaders } from './data/loaders';
import { migrations } from './data/migrations';
import { openFinanceRepository, type FinanceRepository } from './data/repository';
import { seedFinance } from './data/seed';
import { buildFinanceSchema } from './schema';

export const finance: AgencyDefinition<FinanceRepository, FinanceLoaders, FinanceWrites> = {
  name: 'finance',
  title: 'PBoC, NFRA (ex-CBIRC) and CSRC (人民银行、金融监管总局、证监会): prepaid-fee custody, financing, penalties, credit reference',
  migrations,
  openRepository: openFinanceRepository,
  createLoaders: createFinanceLoaders,
  openWrites: openFinanceWrites,
  buildSchema: buildFinanceSchema,
  seed: seedFinance,
};
