import type { FastifyReply, FastifyRequest } from 'fastify';
import { TokenRejectedError, type TokenVerifier } from '../../common/auth/token-verifier';
import type { Principal } from '../../common/principal';
import type { Policies } from '../../policies/load-policies';
import { sendError } from './http-errors';

/**
 * The caller of a report route: a verified token whose consumer declared the purpose the route
 * reads under. Anything else is answered here (401 or 403) and the route never runs.
 */
export async function callerFor(
  request: FastifyRequest,
  reply: FastifyReply,
  verifier: TokenVerifier,
  policies: Policies,
  purpose: string,
): Promise<{ principal: Principal; token: string } | null> {
  const header = request.headers.authorization;
  const token = typeof header === 'string' && /^Bearer \S+$/.test(header) ? header.slice(7) : null;
  if (!token) {
    sendError(reply.header('www-authenticate', 'Bearer'), 401, 'UNAUTHENTICATED', 'A bearer token is required for reports');
    return null;
  }
  let principal: Principal;
  try {
    principal = await verifier.verify(header, purpose);
  } catch (error) {
    if (!(error instanceof TokenRejectedError)) throw error;
    request.log.warn({ reason: error.reason }, 'token rejected');
    sendError(reply.header('www-authenticate', 'Bearer'), 401, 'UNAUTHENTICATED', 'Authentication failed');
    return null;
  }
  const declared = principal.consumer ? policies.consumers.get(principal.consumer)?.purposes ?? [] : [];
  if (!declared.includes(purpose)) {
    sendError(reply, 403, 'FORBIDDEN', `reports are read under the purpose ${purpose}, which this consumer has not declared`, { reason: 'UNDECLARED_PURPOSE' });
    return null;
  }
  return { principal, token };
}
