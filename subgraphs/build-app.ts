import type { FastifyInstance } from 'fastify';
import type { TokenVerifier } from '../common/auth/token-verifier';
import { agencyByName } from './agencies';
import type { AgencyName, CommandEnvironment } from './shared/agency';
import { createDeadlines, loadCalendar } from './shared/commands/working-days';
import { buildSubgraphApp } from './shared/create-subgraph-app';
import { openSqliteDatabase, openWriterConnection } from './shared/database';
import { agencyDatabaseFile } from './shared/seed/seed-data-dir';
import type { FactSeal } from './shared/credit-facts/fact-seal';

export interface AgencyAppOptions {
  readonly agency: AgencyName;
  readonly dataDir: string;
  readonly tokenVerifier?: TokenVerifier;
  readonly logger?: boolean;
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
  const app = buildSubgraphApp({
    agency,
    repository: agency.openRepository(db),
    writes: writer ? agency.openWrites!(writer, defaultCommandEnvironment(options.environment)) : null,
    tokenVerifier: options.tokenVerifier,
    logger: options.logger,
    factSeal: options.factSeal ?? null,
  });
  app.addHook('onClose', async () => {
    writer?.close();
    db.close();
  });
  return app;
}
