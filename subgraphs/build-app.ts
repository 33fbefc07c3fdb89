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
import { openAgencyStore } from './shared/storage/open-agency-store';
import type { FactSeal } from './shared/credit-facts/fact-seal';

export interface AgencyAppOptions {
  readonly agency: AgencyName;
  /** Where the agency's SQLite file is, when no database URL is given. */
  readonly dataDir: string;
  /** The agency's PostgreSQL database (DATABASE_URL); null or absent: SQLite in `dataDir`. */
  readonly databaseUrl?: string | null;
  /** Connections the read side may hold in PostgreSQL (DATABASE_POOL_SIZE). Default 10. */
  readonly databasePoolSize?: number;
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

/**
 * One agency's subgraph over its store (PostgreSQL with a database URL, else its SQLite file in
 * `dataDir`). The schema is brought up to date before the app is ready; closing the app closes the store.
 */
export function buildApp(options: AgencyAppOptions): FastifyInstance {
  const agency = agencyByName(options.agency);
  const store = openAgencyStore({
    agency, dataDir: options.dataDir, databaseUrl: options.databaseUrl, poolSize: options.databasePoolSize, writes: Boolean(agency.openWrites),
  });
  const { writer } = store;
  const supergraph = extractRequirements(options.supergraphSdl ?? readFileSync(SUPERGRAPH_PATH, 'utf8')).requirements;
  const app = buildSubgraphApp({
    agency,
    requirements: subgraphRequirements(agency.buildSchema().schema, supergraph),
    repository: agency.openRepository(store.reader),
    writes: writer ? agency.openWrites!(writer, defaultCommandEnvironment(options.environment)) : null,
    tokenVerifier: options.tokenVerifier,
    gatewayProof: options.gatewayProof,
    logger: options.logger,
    metricsRegistry: options.metricsRegistry,
    tracer: options.tracer,
    dbSystem: store.dialect === 'postgres' ? 'postgresql' : 'sqlite',
    factSeal: options.factSeal ?? null,
  });
  app.addHook('onReady', () => store.ready());
  app.addHook('onClose', () => store.close());
  return app;
}
