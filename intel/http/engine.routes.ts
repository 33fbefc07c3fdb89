import type { FastifyInstance } from 'fastify';
import { TokenRejectedError, type TokenVerifier } from '../../common/auth/token-verifier';
import type { RiskEngine } from '../alerts/risk-engine';
import { sendError } from './http-errors';

/** GET /engine/status: the last run's counts by rule (no institution in it), for holders of an alert scope. */
export function registerEngineRoutes(app: FastifyInstance, options: { engine: RiskEngine; tokenVerifier: TokenVerifier }): void {
  app.get('/engine/status', async (request, reply) => {
    let principal;
    try {
      principal = await options.tokenVerifier.verify(request.headers.authorization, 'RISK_EARLY_WARNING');
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      return sendError(reply, 401, 'UNAUTHENTICATED', 'Authentication failed');
    }
    if (!principal.scopes.has('education:alert:read') && !principal.scopes.has('education:alert:write')) {
      return sendError(reply, principal.authenticated ? 403 : 401, principal.authenticated ? 'FORBIDDEN' : 'UNAUTHENTICATED', 'the engine\'s status needs an alert scope', { reason: 'MISSING_SCOPE' });
    }
    return { lastRun: options.engine.lastRun };
  });
}
