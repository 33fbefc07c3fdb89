import { resolve } from 'node:path';
import { ConfigError, parseHost, parsePort } from '../common/config-error';
import { resolveGatewayProofKey, type GatewayProofKey } from '../common/gateway-proof/gateway-proof-config';
import { SUPERGRAPH_PATH } from '../schema/paths';
import { resolveTelemetryConfig, type TelemetryConfig } from '../common/telemetry/telemetry-config';
import { AGENCY_NAMES, isAgencyName, type AgencyName } from './shared/agency';
import { DEFAULT_SUBGRAPH_PORTS } from './shared/ports';
import { DEFAULT_DATA_DIR } from './shared/seed/defaults';

/** One subgraph process's configuration, parsed once at start-up and frozen. */
export interface SubgraphConfig {
  readonly agency: AgencyName;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** The working-day calendar deadlines are counted on (rules/working-days.json unless set). */
  readonly calendarFile: string | null;
  /** Key file for personal information at rest (education: complainants); required there. */
  readonly personalDataKeyFile: string | null;
  /** Where this subgraph reads other agencies' data, and the file holding its service token. */
  readonly serviceGatewayUrl: string | null;
  readonly serviceTokenFile: string | null;
  /** The key the gateway proves its requests with (GATEWAY_PROOF_KEY or _FILE); required. */
  readonly gatewayProof: GatewayProofKey;
  /** The composed supergraph whose requirements this subgraph enforces (SUPERGRAPH_PATH; the committed one). */
  readonly supergraphPath: string;
  /** Metrics listener and tracing (METRICS_*, OTEL_*); both off by default. */
  readonly telemetry: TelemetryConfig;
  /** Key file sealing the facts the credit evaluation weighs (all five agencies hold it). */
  readonly creditFactsKeyFile: string;
}

/** Agencies whose commands hold personal information and so cannot start without a key. */
const NEEDS_PERSONAL_DATA_KEY: readonly AgencyName[] = ['education'];

export function resolveSubgraphConfig(name: string, env: NodeJS.ProcessEnv): SubgraphConfig {
  if (!isAgencyName(name)) throw new ConfigError('subgraph name (first argument)', `one of ${AGENCY_NAMES.join(', ')}`, name);
  const personalDataKeyFile = env.PERSONAL_DATA_KEY_FILE || null;
  if (!personalDataKeyFile && NEEDS_PERSONAL_DATA_KEY.includes(name)) {
    throw new ConfigError('PERSONAL_DATA_KEY_FILE', `set for the ${name} subgraph (a key file; npm start makes a development one)`, env.PERSONAL_DATA_KEY_FILE ?? null);
  }
  const serviceGatewayUrl = env.SERVICE_GATEWAY_URL || null;
  if (serviceGatewayUrl && !/^https?:\/\/\S+$/.test(serviceGatewayUrl)) throw new ConfigError('SERVICE_GATEWAY_URL', 'an http(s) URL', serviceGatewayUrl);
  const serviceTokenFile = env.SERVICE_TOKEN_FILE || null;
  if (Boolean(serviceGatewayUrl) !== Boolean(serviceTokenFile)) {
    throw new ConfigError('SERVICE_GATEWAY_URL / SERVICE_TOKEN_FILE', 'both set or both unset', { serviceGatewayUrl, serviceTokenFile });
  }
  // Deny by default: a subgraph answers data requests only from the gateway, so it needs the key.
  const gatewayProof = resolveGatewayProofKey(env);
  refuseProofExemption(env.GATEWAY_PROOF_EXEMPT);
  if (!gatewayProof) throw new ConfigError('GATEWAY_PROOF_KEY', 'set (or GATEWAY_PROOF_KEY_FILE): the key the gateway proves its requests with', null);
  const creditFactsKeyFile = env.CREDIT_FACTS_KEY_FILE || null;
  if (!creditFactsKeyFile) {
    throw new ConfigError('CREDIT_FACTS_KEY_FILE', 'a key file sealing the credit evaluation\'s facts, the same for all five subgraphs (npm start makes a development one)', env.CREDIT_FACTS_KEY_FILE ?? null);
  }
  return Object.freeze({
    agency: name,
    port: parsePort('PORT', env.PORT, DEFAULT_SUBGRAPH_PORTS[name]),
    host: parseHost('HOST', env.HOST, '127.0.0.1'),
    dataDir: resolve(env.DATA_DIR || DEFAULT_DATA_DIR),
    calendarFile: env.WORKING_DAY_CALENDAR_FILE ? resolve(env.WORKING_DAY_CALENDAR_FILE) : null,
    personalDataKeyFile: personalDataKeyFile ? resolve(personalDataKeyFile) : null,
    serviceGatewayUrl,
    serviceTokenFile: serviceTokenFile ? resolve(serviceTokenFile) : null,
    gatewayProof,
    supergraphPath: env.SUPERGRAPH_PATH || SUPERGRAPH_PATH,
    telemetry: resolveTelemetryConfig(env, `edu-subgraph-${name}`),
    creditFactsKeyFile: resolve(creditFactsKeyFile),
  });
}

/**
 * GATEWAY_PROOF_EXEMPT=mutations once let commands reach a subgraph without the proof, until the
 * gateway served mutations. It is gone; a deployment still setting it is told so rather than left
 * believing something is exempt.
 */
function refuseProofExemption(value: string | undefined): void {
  if (value !== undefined && value !== '') {
    throw new ConfigError('GATEWAY_PROOF_EXEMPT', 'unset (the exemption was removed: mutations reach subgraphs only through the gateway, with its proof)', value);
  }
}
