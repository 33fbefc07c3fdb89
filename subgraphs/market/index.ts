import type { AgencyDefinition } from '../shared/agency';
import { openMarketWrites, type MarketWrites } from './commands/writes';
import { createMarketLoaders, type MarketLoaders } from './data/loaders';
import { migrations } from './data/migrations';
import { openMarketRepository, type MarketRepository } from './data/repository';
import { seedMarket } from './data/seed';
import { buildMarketSchema } from './schema';

export const market: AgencyDefinition<MarketRepository, MarketLoaders, MarketWrites> = {
  name: 'market',
  title: 'State Administration for Market Regulation (国家市场监督管理总局): 国家企业信用信息公示系统 (GSXT)',
  migrations,
  openRepository: openMarketRepository,
  createLoaders: createMarketLoaders,
  openWrites: openMarketWrites,
  buildSchema: buildMarketSchema,
  seed: seedMarket,
};
