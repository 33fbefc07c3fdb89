import type { Tracer } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { TokenVerifier } from '../common/auth/token-verifier';
import { agencyByName } from './agencies';
import type { AgencyName } from './shared/agency';
import { buildSubgraphApp } from './shared/create-subgraph-app';
import { openSqliteDatabase } from './shared/database';
import { agencyDatabaseFile } from './shared/seed/seed-data-dir';

export interface AgencyAppOptions {
  readonly agency: AgencyName;
  readonly dataDir: string;
  readonly tokenVerifier?: TokenVerifier;
  readonly logger?: boolean;
  readonly metricsRegistry?: Registry;
  readonly tracer?: Tracer;
}

/** One agency's subgraph over its SQLite file in `dataDir`; closing the app closes the database. */
export function buildApp(options: AgencyAppOptions): FastifyInstance {
  const agency = agencyByName(options.agency);
  const db = openSqliteDatabase(agencyDatabaseFile(options.dataDir, agency.name), agency.migrations);
  const app = buildSubgraphApp({
    agency,
    repository: agency.openRepository(db),
    tokenVerifier: options.tokenVerifier,
    logger: options.logger,
    metricsRegistry: options.metricsRegistry,
    tracer: options.tracer,
    dbSystem: 'sqlite',
  });
  app.addHook('onClose', async () => db.close());
  return app;
}
