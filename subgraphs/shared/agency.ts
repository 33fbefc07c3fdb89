import type { Context, Tracer } from '@opentelemetry/api';
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
  /** The request's trace, when tracing is on (subgraph-telemetry.ts). */
  readonly trace: RequestTrace | null;
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

/** One request's place in its trace: the subgraph's server span, for resolver and SQL spans to hang under. */
export interface RequestTrace {
  readonly tracer: Tracer;
  readonly context: Context;
}

/** Told of each statement as it starts; the function it returns is called when it ends. */
export type StatementObserver = (method: string) => (error?: unknown) => void;

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
export function countingRepository<R extends object>(repository: R, stats: RequestStats, observe: StatementObserver | null = null): R {
  return new Proxy(repository, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...a: unknown[]) => unknown;
      if (!observe) {
        return (...args: unknown[]) => {
          stats.sqlQueries += 1;
          return method.apply(target, args);
        };
      }
      return (...args: unknown[]) => {
        stats.sqlQueries += 1;
        const end = observe(String(property));
        let result: unknown;
        try {
          result = method.apply(target, args);
        } catch (error) {
          end(error);
          throw error;
        }
        // A store whose statements are asynchronous (PostgreSQL) ends when the promise settles.
        if (result instanceof Promise) return result.then((v: unknown) => (end(), v), (error: unknown) => (end(error), Promise.reject(error)));
        end();
        return result;
      };
    },
  });
}
