import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveAuthConfig, type AuthConfig } from '../common/auth/auth-config';
import { ConfigError, parseHost, parsePort, parsePositiveInt } from '../common/config-error';
import { parseDatabaseUrl } from '../common/postgres/database-url';
import { resolveGatewayProofKey, type GatewayProofKey } from '../common/gateway-proof/gateway-proof-config';
import { MAX_LIMIT_VALUE, type CallerLimits } from '../policies/caller-limits';
import { resolveTelemetryConfig, type TelemetryConfig } from '../common/telemetry/telemetry-config';

export type AuthorizationErrorMode = 'errors' | 'extensions' | 'disabled';
export type CostMode = 'enforce' | 'measure';
export type IntrospectionMode = 'off' | 'authenticated' | 'on';
export type SafelistMode = 'consumers' | 'authenticated' | 'off';

export interface GatewayConfig {
  /** Defaults to 127.0.0.1. */
  readonly host: string;
  /** Defaults to 4000. */
  readonly port: number;
  /** Supergraph file to serve. Defaults to the committed schema/supergraph.graphql. */
  readonly supergraphPath: string;
  /**
   * Watch `supergraphPath` and serve a new version once it loads (SUPERGRAPH_WATCH, default true),
   * checking every `intervalMs` (SUPERGRAPH_WATCH_INTERVAL_MS, default 1000).
   */
  readonly supergraphWatch: { readonly enabled: boolean; readonly intervalMs: number };
  /** Per-subgraph URL overrides (`SUBGRAPH_URLS=name=url,...`); others use the supergraph's URLs. */
  readonly subgraphUrls: Readonly<Record<string, string>>;
  /** Time a subgraph has to answer one fetch. Defaults to 5000 ms. */
  readonly subgraphTimeoutMs: number;
  readonly auth: AuthConfig;
  readonly authorization: {
    /** Defaults to true; false serves every field to everyone (benchmarks only). */
    readonly enabled: boolean;
    /** Refuse the whole operation when any field is unauthorized. Defaults to false. */
    readonly rejectUnauthorized: boolean;
    /** Compute and report, but remove nothing. Defaults to false. */
    readonly dryRun: boolean;
    /** Where denied paths are reported. Defaults to 'errors'. */
    readonly errors: AuthorizationErrorMode;
    /**
     * Absolute path of the module deciding `@policy` policies (AUTHZ_POLICY_MODULE). Without one,
     * a supergraph linking the policy spec is refused at boot.
     */
    readonly policyModule: string | null;
  };
  readonly audit: {
    /** Record every operation in the hash-chained audit log. Defaults to true; false is for benchmarks. */
    readonly enabled: boolean;
    /** Folder of the audit keys and, unless `databaseUrl` is set, of the SQLite audit database and its head anchor. Defaults to data/audit. */
    readonly dir: string;
    /** PostgreSQL database holding the audit log (`AUDIT_DATABASE_URL`), shared by replicas. Null: SQLite in `dir`. */
    readonly databaseUrl: string | null;
    /** Private JWK that signs checkpoints. Defaults to one generated in `dir` on first start. */
    readonly signingKeyFile: string | null;
  };
  /**
   * Report each subgraph's fetch and SQL counts in `extensions.subgraphCosts`. For tests and
   * benchmarks: it tells a caller how much data stood behind a response. Defaults to false.
   */
  readonly exposeSubgraphCosts: boolean;
  /** Largest accepted query text. Defaults to 64 KiB. */
  readonly maxQueryBytes: number;
  /**
   * How many operations run at once before the rest wait their turn (OPERATION_CONCURRENCY): the
   * floor of an adaptive limit that grows while the event loop has time to spare (see
   * http/operation-gate.ts). 0: no limit. Defaults to 8.
   */
  readonly operationConcurrency: number;
  /**
   * On SIGTERM, how long /ready answers 503 while requests are still served, before the listener
   * closes: long enough for a load balancer to take the replica out. Defaults to 0.
   */
  readonly shutdownDelayMs: number;
  /**
   * After the delay, how long open connections get to end on their own (each after its next answer,
   * or by its keep-alive timeout) before the idle ones are closed. Defaults to 10000 ms.
   */
  readonly shutdownDrainTimeoutMs: number;
  /**
   * Gateway processes sharing the port (node:cluster), each with its own audit worker. More than
   * one needs the audit log in PostgreSQL. Defaults to 1.
   */
  readonly workers: number;
  /** Checked while the query text is lexed, before the parser runs (GRAPHQL_PARSE_FAILED). */
  readonly parser: {
    /** Tokens in the query. Defaults to 15000 (Apollo Router's parser_max_tokens). */
    readonly maxTokens: number;
    /** Nesting of braces, brackets and parentheses in the query, and of lists and objects in its variables. Defaults to 500. */
    readonly maxRecursion: number;
  };
  readonly limits: {
    /** Record and log operations over a limit, but serve them. Defaults to false. */
    readonly warnOnly: boolean;
    /** What every caller may ask unless its consumer in policies/consumers.json says otherwise. */
    readonly defaults: CallerLimits;
  };
  readonly cost: {
    /** `enforce` refuses operations estimated above the caller's maxCost; `measure` only records. Defaults to enforce. */
    readonly mode: CostMode;
    /** Assumed length of a list with no `@listSize` and no slicing argument. Defaults to 10. */
    readonly listSize: number;
  };
  readonly rateLimit: {
    /** Defaults to true. */
    readonly enabled: boolean;
    /** Length of the fixed window requests and costs are counted in. Defaults to 60 s. */
    readonly windowS: number;
    /**
     * PostgreSQL holding the counters, shared by replicas (`RATE_LIMIT_DATABASE_URL`, default
     * `AUDIT_DATABASE_URL`). Null: this process's memory.
     */
    readonly databaseUrl: string | null;
  };
  /** Who may run `__schema` / `__type`. Defaults to 'authenticated'. */
  readonly introspection: IntrospectionMode;
  readonly trustedDocuments: {
    /** Automatic persisted queries (`extensions.persistedQuery`). Defaults to true. */
    readonly apq: boolean;
    /** Most APQ documents kept (least recently used go first). Defaults to 512. */
    readonly apqCacheSize: number;
    /** Who may run only registered operations. Defaults to 'consumers' (those with `safelist: true`). */
    readonly safelist: SafelistMode;
  };
  /** The key the gateway proves its subgraph requests with; null sends them unsigned. */
  readonly gatewayProof: GatewayProofKey | null;
  /**
   * Who runs query plans: 'own' (the default; our executor, @apollo/gateway's for what it does
   * not run) or 'apollo' (@apollo/gateway's for every plan, to compare or to rule ours out).
   */
  readonly executor: 'own' | 'apollo';
  /** Metrics listener and tracing (METRICS_*, OTEL_*); both off by default. */
  readonly telemetry: TelemetryConfig;
}

function parseBoolean(option: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(option, "'true' or 'false'", value);
}

function parseNonNegativeInt(option: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > max) throw new ConfigError(option, `an integer from 0 to ${max}`, value);
  return n;
}

function parseModuleFile(option: string, value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  const file = resolve(value);
  if (!/\.(c?js)$/.test(file) || !existsSync(file) || !statSync(file).isFile()) {
    throw new ConfigError(option, 'the path of an existing .js or .cjs module file', value);
  }
  return file;
}

function parseSubgraphUrls(value: string | undefined): Record<string, string> {
  const urls: Record<string, string> = {};
  if (!value) return urls;
  for (const pair of value.split(',')) {
    const match = /^([A-Za-z_][A-Za-z0-9_-]*)=(https?:\/\/\S+)$/.exec(pair.trim());
    if (!match) throw new ConfigError('SUBGRAPH_URLS', "comma-separated 'name=http://host:port/graphql' pairs", pair);
    urls[match[1] as string] = match[2] as string;
  }
  return urls;
}

function parseChoice<T extends string>(option: string, value: string | undefined, choices: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new ConfigError(option, choices.map((c) => `'${c}'`).join(', ').replace(/, ([^,]*)$/, ' or $1'), value);
  }
  return value as T;
}

/** Every limit's option and default; README documents the same table. */
function resolveDefaultLimits(env: NodeJS.ProcessEnv): CallerLimits {
  const limit = (option: string, fallback: number) => parsePositiveInt(option, env[option], fallback, MAX_LIMIT_VALUE);
  return Object.freeze({
    maxDepth: limit('MAX_DEPTH', 10),
    maxHeight: limit('MAX_HEIGHT', 200),
    maxRootFields: limit('MAX_ROOT_FIELDS', 20),
    maxAliases: limit('MAX_ALIASES', 30),
    maxDirectives: limit('MAX_DIRECTIVES', 50),
    maxCost: limit('MAX_COST', 3000),
    requestsPerWindow: limit('RATE_LIMIT_REQUESTS', 300),
    costPerWindow: limit('RATE_LIMIT_COST', 30000),
  });
}

export function resolveGatewayConfig(env: NodeJS.ProcessEnv, defaults: { supergraphPath: string }): GatewayConfig {
  const errorsMode = parseChoice<AuthorizationErrorMode>('AUTHZ_ERRORS', env.AUTHZ_ERRORS, ['errors', 'extensions', 'disabled'], 'errors');
  const databaseUrl = parseDatabaseUrl('AUDIT_DATABASE_URL', env.AUDIT_DATABASE_URL);
  const workers = parsePositiveInt('GATEWAY_WORKERS', env.GATEWAY_WORKERS, 1, 64);
  const auditEnabled = parseBoolean('AUDIT_ENABLED', env.AUDIT_ENABLED, true);
  if (workers > 1 && auditEnabled && !databaseUrl) {
    // Each worker would chain into the same SQLite file and sign its own head anchor file,
    // and a file on one machine cannot serve replicas on several anyway.
    throw new ConfigError('GATEWAY_WORKERS', '1 unless AUDIT_DATABASE_URL puts the audit log in PostgreSQL (the SQLite audit log is for one process)', env.GATEWAY_WORKERS);
  }
  return Object.freeze({
    host: parseHost('HOST', env.HOST, '127.0.0.1'),
    port: parsePort('PORT', env.PORT, 4000),
    supergraphPath: env.SUPERGRAPH_PATH || defaults.supergraphPath,
    supergraphWatch: Object.freeze({
      enabled: parseBoolean('SUPERGRAPH_WATCH', env.SUPERGRAPH_WATCH, true),
      intervalMs: parsePositiveInt('SUPERGRAPH_WATCH_INTERVAL_MS', env.SUPERGRAPH_WATCH_INTERVAL_MS, 1000, 60_000),
    }),
    subgraphUrls: Object.freeze(parseSubgraphUrls(env.SUBGRAPH_URLS)),
    subgraphTimeoutMs: parsePositiveInt('SUBGRAPH_TIMEOUT_MS', env.SUBGRAPH_TIMEOUT_MS, 5000, 600_000),
    auth: resolveAuthConfig(env),
    authorization: Object.freeze({
      enabled: parseBoolean('AUTHZ_ENABLED', env.AUTHZ_ENABLED, true),
      rejectUnauthorized: parseBoolean('AUTHZ_REJECT_UNAUTHORIZED', env.AUTHZ_REJECT_UNAUTHORIZED, false),
      dryRun: parseBoolean('AUTHZ_DRY_RUN', env.AUTHZ_DRY_RUN, false),
      errors: errorsMode,
      policyModule: parseModuleFile('AUTHZ_POLICY_MODULE', env.AUTHZ_POLICY_MODULE),
    }),
    audit: Object.freeze({
      enabled: auditEnabled,
      dir: env.AUDIT_DIR || 'data/audit',
      signingKeyFile: env.AUDIT_SIGNING_KEY_FILE || null,
      databaseUrl,
    }),
    exposeSubgraphCosts: parseBoolean('EXPOSE_SUBGRAPH_COSTS', env.EXPOSE_SUBGRAPH_COSTS, false),
    maxQueryBytes: parsePositiveInt('MAX_QUERY_BYTES', env.MAX_QUERY_BYTES, 65536, 1 << 20),
    operationConcurrency: parseNonNegativeInt('OPERATION_CONCURRENCY', env.OPERATION_CONCURRENCY, 8, 4096),
    parser: Object.freeze({
      maxTokens: parsePositiveInt('PARSER_MAX_TOKENS', env.PARSER_MAX_TOKENS, 15000, 1_000_000),
      maxRecursion: parsePositiveInt('PARSER_MAX_RECURSION', env.PARSER_MAX_RECURSION, 500, 2000),
    }),
    limits: Object.freeze({
      warnOnly: parseBoolean('LIMITS_WARN_ONLY', env.LIMITS_WARN_ONLY, false),
      defaults: resolveDefaultLimits(env),
    }),
    cost: Object.freeze({
      mode: parseChoice<CostMode>('COST_MODE', env.COST_MODE, ['enforce', 'measure'], 'enforce'),
      listSize: parsePositiveInt('COST_LIST_SIZE', env.COST_LIST_SIZE, 10, 10_000),
    }),
    rateLimit: Object.freeze({
      enabled: parseBoolean('RATE_LIMIT_ENABLED', env.RATE_LIMIT_ENABLED, true),
      windowS: parsePositiveInt('RATE_LIMIT_WINDOW_S', env.RATE_LIMIT_WINDOW_S, 60, 86_400),
      databaseUrl: parseDatabaseUrl('RATE_LIMIT_DATABASE_URL', env.RATE_LIMIT_DATABASE_URL) ?? databaseUrl,
    }),
    introspection: parseChoice<IntrospectionMode>('INTROSPECTION', env.INTROSPECTION, ['off', 'authenticated', 'on'], 'authenticated'),
    trustedDocuments: Object.freeze({
      apq: parseBoolean('APQ_ENABLED', env.APQ_ENABLED, true),
      apqCacheSize: parsePositiveInt('APQ_CACHE_SIZE', env.APQ_CACHE_SIZE, 512, 1_000_000),
      safelist: parseChoice<SafelistMode>('SAFELIST', env.SAFELIST, ['consumers', 'authenticated', 'off'], 'consumers'),
    }),
    gatewayProof: resolveGatewayProofKey(env),
    shutdownDelayMs: parseNonNegativeInt('SHUTDOWN_DELAY_MS', env.SHUTDOWN_DELAY_MS, 0, 600_000),
    shutdownDrainTimeoutMs: parsePositiveInt('SHUTDOWN_DRAIN_TIMEOUT_MS', env.SHUTDOWN_DRAIN_TIMEOUT_MS, 10_000, 600_000),
    workers,
    executor: parseChoice<'own' | 'apollo'>('EXECUTOR', env.EXECUTOR, ['own', 'apollo'], 'own'),
    telemetry: resolveTelemetryConfig(env, 'edu-gateway'),
  });
}
