import type { GraphQLSchema } from 'graphql';
import type { Principal } from '../../common/principal';
import type { Requirement } from '../../gateway/authorize/requirements';
import type { Migration, SqliteDatabase } from './database';
import type { SeedInstitution } from './seed/seed-institution';
import type { Random } from './seed/random';
import type { GatewayReader } from './commands/gateway-reader';
import type { PersonalDataCipher } from './commands/personal-data-cipher';
import type { Deadlines } from './commands/working-days';
import type { FactSeal } from './credit-facts/fact-seal';

export const AGENCY_NAMES = ['education', 'market', 'credit', 'ip', 'finance'] as const;
export type AgencyName = (typeof AGENCY_NAMES)[number];

export function isAgencyName(value: string): value is AgencyName {
  return (AGENCY_NAMES as readonly string[]).includes(value);
}

/** Counts what one request costs the database; each repository call is one SQL statement. */
export interface RequestStats {
  sqlQueries: number;
}

/** What one field of a subgraph requires of its caller, by coordinate (`Type.field`). */
export type SubgraphRequirements = ReadonlyMap<string, Requirement>;

/** What every resolver receives. Loaders are made per request and die with it. */
export interface SubgraphContext<L, W = unknown> {
  readonly principal: Principal;
  /** What each field requires (the composed supergraph's requirements); every field checks it. */
  readonly requirements: SubgraphRequirements;
  readonly loaders: L;
  readonly stats: RequestStats;
  /** The agency's command side (store and services); null for an agency that takes no commands. */
  readonly writes: W;
  /** Seals (and, in credit, opens) the facts the credit evaluation weighs; null when no key is configured. */
  readonly factSeal: FactSeal | null;
}

/** What an agency's commands may use besides their store; built once from configuration. */
export interface CommandEnvironment {
  readonly now: () => Date;
  readonly deadlines: Deadlines;
  /** Encrypts personal information at rest; null when no key is configured (commands needing it refuse). */
  readonly personalData: PersonalDataCipher | null;
  /** Other agencies' current data, read through the gateway as this subgraph's service consumer. */
  readonly gateway: GatewayReader | null;
}

/**
 * The contract every agency folder exports, so the stack, composition, seeding and tests can
 * loop over the five agencies without knowing their data.
 */
export interface AgencyDefinition<R extends object = object, L = unknown, W = unknown> {
  readonly name: AgencyName;
  /** The agency as ministries know it, for logs and the README. */
  readonly title: string;
  readonly migrations: readonly Migration[];
  /** The storage interface resolvers use; SQLite is the embedded implementation. */
  openRepository(db: SqliteDatabase): R;
  createLoaders(repository: R, principal: Principal): L;
  /**
   * The command side on the writer connection (one transaction per command), for the agencies
   * that take commands. Readers keep their own connection, so they never see uncommitted rows.
   */
  openWrites?(writer: SqliteDatabase, environment: CommandEnvironment): W;
  buildSchema(): { readonly schema: GraphQLSchema; readonly sdl: string };
  /** Writes this agency's rows for the given institutions; must be deterministic in `random`. */
  seed(db: SqliteDatabase, institutions: readonly SeedInstitution[], random: Random): void;
}

/**
 * Wraps a repository so that each method call counts as one SQL statement for this request.
 * The contract that a repository method issues exactly one statement is what makes the count honest.
 */
export function countingRepository<R extends object>(repository: R, stats: RequestStats): R {
  return new Proxy(repository, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        stats.sqlQueries += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
