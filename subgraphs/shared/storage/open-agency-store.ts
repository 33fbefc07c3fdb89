import { redactDatabaseUrl } from '../../../common/postgres/database-url';
import { createPgPool } from '../../../common/postgres/pg-pool';
import type { AgencyDatabase, Migration, SqlDialect } from '../database';
import { agencyDatabaseFile } from '../seed/seed-data-dir';
import { applyPostgresMigrations, postgresAgencyDatabase } from './postgres-database';
import { openSqliteDatabase, openSqliteWriter, sqliteAgencyDatabase } from './sqlite-database';

export interface AgencyStoreOptions {
  readonly agency: { readonly name: string; readonly migrations: readonly Migration[] };
  /** Where the SQLite file lives (`<agency>.sqlite`) when no database URL is given. */
  readonly dataDir: string;
  /** The agency's PostgreSQL database (DATABASE_URL); null or absent: the SQLite file. */
  readonly databaseUrl?: string | null;
  /** Connections the read side may hold in PostgreSQL (DATABASE_POOL_SIZE). Default 10. */
  readonly poolSize?: number;
  /** Open the command side's own connection too. */
  readonly writes: boolean;
}

/** An agency's storage: the read side, the command side's own connection(s), one lifecycle. */
export interface AgencyStore {
  readonly dialect: SqlDialect;
  /** The file or the URL (password hidden), for logs. */
  readonly location: string;
  readonly reader: AgencyDatabase;
  /** Commands run their transactions here, never on the reader, so readers see only what committed. */
  readonly writer: AgencyDatabase | null;
  /** Resolves once the schema is up to date (SQLite migrates while opening); rejects with ERR_AGENCY_STORE_UNAVAILABLE. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** A database that cannot be reached or migrated at start-up: one line for the operator, no stack. */
export class AgencyStoreUnavailableError extends Error {
  readonly code = 'ERR_AGENCY_STORE_UNAVAILABLE';
}

/** Opens an agency's store where configuration says: PostgreSQL with a URL, else the SQLite file in the data directory. */
export function openAgencyStore(options: AgencyStoreOptions): AgencyStore {
  const { agency } = options;
  if (!options.databaseUrl) {
    const file = agencyDatabaseFile(options.dataDir, agency.name);
    const reader = sqliteAgencyDatabase(openSqliteDatabase(file, agency.migrations));
    const writer = options.writes ? sqliteAgencyDatabase(openSqliteWriter(file)) : null;
    return {
      dialect: 'sqlite', location: file, reader, writer,
      ready: async () => undefined,
      close: async () => {
        await writer?.close();
        await reader.close();
      },
    };
  }
  const url = options.databaseUrl;
  const location = redactDatabaseUrl(url);
  const readerPool = createPgPool({ url, applicationName: `edu-gateway ${agency.name} subgraph`, max: options.poolSize ?? 10 });
  // Commands run one at a time per process (see createSerialLock); the second connection is for the attempts log.
  const writerPool = options.writes ? createPgPool({ url, applicationName: `edu-gateway ${agency.name} commands`, max: 2 }) : null;
  let migrated: Promise<void> | null = null;
  return {
    dialect: 'postgres',
    location,
    reader: postgresAgencyDatabase(readerPool),
    writer: writerPool ? postgresAgencyDatabase(writerPool) : null,
    ready: () =>
      (migrated ??= applyPostgresMigrations(readerPool, agency.migrations).catch((error: unknown) => {
        throw new AgencyStoreUnavailableError(`the ${agency.name} store at ${location} cannot be opened: ${(error as Error).message}`);
      })),
    close: async () => {
      await Promise.all([readerPool.end(), writerPool?.end()]);
    },
  };
}
