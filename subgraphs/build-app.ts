import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { extractRequirements } from '../gateway/authorize/requirements';
import { SUPERGRAPH_PATH } from '../schema/paths';
import type { TokenVerifier } from '../common/auth/token-verifier';
import { agencyByName } from './agencies';
import type { AgencyName } from './shared/agency';
import { buildSubgraphApp } from './shared/create-subgraph-app';
import { subgraphRequirements } from './shared/enforce-requirements';
import type { GatewayProofVerifier } from './shared/gateway-proof-verifier';
import { openSqliteDatabase } from './shared/database';
import { agencyDatabaseFile } from './shared/seed/seed-data-dir';

export interface AgencyAppOptions {
  readonly agency: AgencyName;
  readonly dataDir: string;
  readonly tokenVerifier?: TokenVerifier;
  /** See SubgraphAppOptions.gatewayProof: null only where a test plays the gateway. */
  readonly gatewayProof: GatewayProofVerifier | null;
  /** The composed supergraph whose requirements the subgraph enforces. Defaults to the committed one. */
  readonly supergraphSdl?: string;
  readonly logger?: boolean;
}

/** One agency's subgraph over its SQLite file in `dataDir`; closing the app closes the database. */
export function buildApp(options: AgencyAppOptions): FastifyInstance {
  const agency = agencyByName(options.agency);
  const db = openSqliteDatabase(agencyDatabaseFile(options.dataDir, agency.name), agency.migrations);
  const supergraph = extractRequirements(options.supergraphSdl ?? readFileSync(SUPERGRAPH_PATH, 'utf8')).requirements;
  const app = buildSubgraphApp({
    agency,
    requirements: subgraphRequirements(agency.buildSchema().schema, supergraph),
    repository: agency.openRepository(db),
    tokenVerifier: options.tokenVerifier,
    gatewayProof: options.gatewayProof,
    logger: options.logger,
  });
  app.addHook('onClose', async () => db.close());
  return app;
}
