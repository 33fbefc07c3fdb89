import { readFileSync } from 'node:fs';
import type { Tracer } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { extractRequirements } from '../gateway/authorize/requirements';
import { SUPERGRAPH_PATH } from '../schema/paths';
import type { TokenVerifier } from '../common/auth/token-verifier';
import { agencyByName } from './agencies';
import type { AgencyName, CommandEnvironment } from './shared/agency';
import { createDeadlines, loadCalendar } from './shared/commands/working-days';
import { buildSubgraphApp } from './shared/create-subgraph-app';
import { subgraphRequirements } from './shared/enforce-requirements';
import type { GatewayProofVerifier } from './shared/gateway-proof-verifier';
import { openSqliteDatabase, openWriterConnection } from './shared/database';
import { agencyDatabaseFile } from './shared/seed/seed-data-dir';
import type { FactSeal } from './shared/credit-facts/fact-seal';

export interface AgencyAppOptions {
  readonly agency: AgencyName;
  readonly dataDir: string;
  readonly tokenVerifier?: TokenVerifier;
  /** See SubgraphAppOptions.gatewayProof: null only where a test plays the gateway. */
  readonly gatewayProof: GatewayProofVerifier | null;
  /** The composed supergraph whose requirements the subgraph enforces. Defaults to the committed one. */
  readonly supergraphSdl?: string;
  readonly logger?: boolean;
  readonly metricsRegistry?: Registry;
  readonly tracer?: Tracer;
  /** Clock, calendar, personal-data key and gateway reader for commands; defaults: real time, the committed calendar, none. */
  readonly environment?: Partial<CommandEnvironment>;
  /** Seals the facts the credit evaluation weighs (CREDIT_FACTS_KEY_FILE); none: the evaluation is unavailable. */
  readonly factSeal?: FactSeal | null;
}

export function defaultCommandEnvironment(overrides: Partial<CommandEnvironment> = {}): CommandEnvironment {
  return Object.freeze({
    now: () => new Date(),
    deadlines: overrides.deadlines ?? createDeadlines(loadCalendar()),
    personalData: null,
    gateway: null,
    ...overrides,
  });
}

/** One agency's subgraph over its SQLite file in `dataDir`; closing the app closes the database. */
export function buildApp(options: AgencyAppOptions): FastifyInstance {
  const agency = agencyByName(options.agency);
  const file = agencyDatabaseFile(options.dataDir, agency.name);
  const db = openSqliteDatabase(file, agency.migrations);
  const writer = agency.openWrites ? openWriterConnection(file) : null;
  const supergraph = extractRequirements(options.supergraphSdl ?? readFileSync(SUPERGRAPH_PATH, 'utf8')).requirements;
  const app = buildSubgraphApp({
    agency,
    requirements: subgraphRequirements(agency.buildSchema().schema, supergraph),
    repository: agency.openRepository(db),
    writes: writer ? agency.openWrites!(writer, defaultCommandEnvironment(options.environment)) : null,
    tokenVerifier: options.tokenVerifier,
    gatewayProof: options.gatewayProof,
    logger: options.logger,
    metricsRegistry: options.metricsRegistry,
    tracer: options.tracer,
    dbSystem: 'sqlite',
    factSeal: options.factSeal ?? null,
  });
  app.addHook('onClose', async () => {
    writer?.close();
    db.close();
  });
  return app;
}
