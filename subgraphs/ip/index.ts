import type { AgencyDefinition } from '../shared/agency';
import { createIpLoaders, type IpLoaders } from './data/loaders';
import { migrations } from './data/migrations';
import { openIpRepository, type IpRepository } from './data/repository';
import { seedIp } from './data/seed';
import { buildIpSchema } from './schema';

export const ip: AgencyDefinition<IpRepository, IpLoaders> = {
  name: 'ip',
  title: 'CNIPA (国家知识产权局) patents and trademarks, with NCAC/CPCC (中国版权保护中心) software copyright registration',
  migrations,
  openRepository: openIpRepository,
  createLoaders: createIpLoaders,
  buildSchema: buildIpSchema,
  seed: seedIp,
};
