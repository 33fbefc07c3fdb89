import { join, resolve } from 'node:path';
import { resolveAuthConfig, type AuthConfig } from '../common/auth/auth-config';
import { ConfigError, parseHost, parsePort, parsePositiveInt } from '../common/config-error';
import { RULES_DIR } from '../subgraphs/shared/commands/rules';
import { DEFAULT_DATA_DIR } from '../subgraphs/shared/seed/defaults';

/** The intel service's configuration (risk engine and joint-conference reports), parsed once and frozen. */
export interface IntelConfig {
  readonly port: number;
  readonly host: string;
  /** The gateway every read goes through (and, once it serves mutations, every command). */
  readonly gatewayUrl: string;
  /** Where the engine's commands go: the gateway by default; the education subgraph until #8 lands. */
  readonly commandUrl: string;
  /** The engine's service token (consumer risk-early-warning), re-read on every request. */
  readonly engineTokenFile: string;
  /** A full rerun of every rule, every this many seconds. */
  readonly fullRunIntervalS: number;
  /** The event feeds are read every this many seconds. */
  readonly eventPollS: number;
  readonly stateFile: string;
  /** The rules file (rules/risk-rules.json unless set). */
  readonly rulesFile: string;
  readonly auth: AuthConfig;
}

const URL_FORM = /^https?:\/\/\S+$/;

export function resolveIntelConfig(env: NodeJS.ProcessEnv): IntelConfig {
  const gatewayUrl = env.INTEL_GATEWAY_URL || 'http://127.0.0.1:4000/graphql';
  if (!URL_FORM.test(gatewayUrl)) throw new ConfigError('INTEL_GATEWAY_URL', 'an http(s) URL', gatewayUrl);
  const commandUrl = env.RISK_ENGINE_COMMAND_URL || gatewayUrl;
  if (!URL_FORM.test(commandUrl)) throw new ConfigError('RISK_ENGINE_COMMAND_URL', 'an http(s) URL', commandUrl);
  const engineTokenFile = env.RISK_ENGINE_TOKEN_FILE;
  if (!engineTokenFile) throw new ConfigError('RISK_ENGINE_TOKEN_FILE', 'the file holding the risk-early-warning consumer\'s token (npm start writes a development one)', null);
  const dataDir = resolve(env.DATA_DIR || DEFAULT_DATA_DIR);
  return Object.freeze({
    port: parsePort('PORT', env.PORT, 4006),
    host: parseHost('HOST', env.HOST, '127.0.0.1'),
    gatewayUrl,
    commandUrl,
    engineTokenFile: resolve(engineTokenFile),
    fullRunIntervalS: parsePositiveInt('RISK_ENGINE_INTERVAL_S', env.RISK_ENGINE_INTERVAL_S, 3600, 7 * 86_400),
    eventPollS: parsePositiveInt('RISK_ENGINE_POLL_S', env.RISK_ENGINE_POLL_S, 30, 86_400),
    stateFile: resolve(env.RISK_ENGINE_STATE_FILE || join(dataDir, 'intel', 'engine-state.json')),
    rulesFile: env.RISK_RULES_FILE ? resolve(env.RISK_RULES_FILE) : join(RULES_DIR, 'risk-rules.json'),
    auth: resolveAuthConfig(env),
  });
}
