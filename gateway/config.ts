import { resolveAuthConfig, type AuthConfig } from '../common/auth/auth-config';
import { ConfigError, parseHost, parsePort, parsePositiveInt } from '../common/config-error';
import { resolveTelemetryConfig, type TelemetryConfig } from '../common/telemetry/telemetry-config';

export type AuthorizationErrorMode = 'errors' | 'extensions' | 'disabled';

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
  };
  readonly audit: {
    /** Record every operation in the hash-chained audit log. Defaults to true; false is for benchmarks. */
    readonly enabled: boolean;
    /** Folder of the audit database, its head anchor and its keys. Defaults to data/audit. */
    readonly dir: string;
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
  /** Metrics listener and tracing (METRICS_*, OTEL_*); both off by default. */
  readonly telemetry: TelemetryConfig;
}

function parseBoolean(option: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(option, "'true' or 'false'", value);
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

export function resolveGatewayConfig(env: NodeJS.ProcessEnv, defaults: { supergraphPath: string }): GatewayConfig {
  const errorsMode = env.AUTHZ_ERRORS ?? 'errors';
  if (!['errors', 'extensions', 'disabled'].includes(errorsMode)) {
    throw new ConfigError('AUTHZ_ERRORS', "'errors', 'extensions' or 'disabled'", errorsMode);
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
      errors: errorsMode as AuthorizationErrorMode,
    }),
    audit: Object.freeze({
      enabled: parseBoolean('AUDIT_ENABLED', env.AUDIT_ENABLED, true),
      dir: env.AUDIT_DIR || 'data/audit',
      signingKeyFile: env.AUDIT_SIGNING_KEY_FILE || null,
    }),
    exposeSubgraphCosts: parseBoolean('EXPOSE_SUBGRAPH_COSTS', env.EXPOSE_SUBGRAPH_COSTS, false),
    maxQueryBytes: parsePositiveInt('MAX_QUERY_BYTES', env.MAX_QUERY_BYTES, 65536, 1 << 20),
    telemetry: resolveTelemetryConfig(env, 'edu-gateway'),
  });
}
