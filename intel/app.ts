import Fastify, { type FastifyInstance } from 'fastify';
import { createTokenVerifier, type TokenVerifier } from '../common/auth/token-verifier';
import { loadPolicies, type Policies } from '../policies/load-policies';
import { applyPurposeRule } from '../policies/purpose-rule';
import { createDeadlines, loadCalendar } from '../subgraphs/shared/commands/working-days';
import { createRiskEngine, type RiskEngine } from './alerts/risk-engine';
import type { IntelConfig } from './config';
import { createGatewayClient, tokenFromFile } from './gateway/gateway-client';
import { registerEngineRoutes } from './http/engine.routes';
import { registerReportRoutes } from './http/report.routes';
import { riskRuleSets } from './rules/risk-rules';

export interface IntelServiceOptions {
  readonly config: IntelConfig;
  readonly tokenVerifier?: TokenVerifier;
  readonly policies?: Policies;
  readonly now?: () => Date;
  readonly logger?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    riskEngine: RiskEngine;
  }
}

/**
 * The supervisory-intelligence service as a Fastify app that has never listened: the risk engine
 * (read through the gateway as the risk-early-warning consumer, alerts raised as machine H
 * commands) and the joint-conference reports. Its schedule is started by main.ts.
 */
export function buildIntelService(options: IntelServiceOptions): FastifyInstance {
  const { config } = options;
  const policies = options.policies ?? loadPolicies();
  const now = options.now ?? (() => new Date());
  const tokenVerifier = options.tokenVerifier ?? createTokenVerifier(config.auth, { refine: (p) => applyPurposeRule(p, policies) });
  const engineToken = tokenFromFile(config.engineTokenFile);
  const engine = createRiskEngine({
    reader: createGatewayClient({ url: config.gatewayUrl, token: engineToken, purpose: 'RISK_EARLY_WARNING' }),
    commands: createGatewayClient({ url: config.commandUrl, token: engineToken, purpose: 'RISK_EARLY_WARNING' }),
    ruleSets: riskRuleSets(config.rulesFile),
    stateFile: config.stateFile,
    now,
  });
  const app = Fastify({ logger: options.logger ?? false });
  app.decorate('riskEngine', engine);
  app.get('/health', async () => ({ status: 'ok', service: 'intel' }));
  registerEngineRoutes(app, { engine, tokenVerifier });
  registerReportRoutes(app, { gatewayUrl: config.gatewayUrl, tokenVerifier, policies, deadlines: createDeadlines(loadCalendar()), now });
  return app;
}
