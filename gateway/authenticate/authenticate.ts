import type { FastifyBaseLogger } from 'fastify';
import { TokenRejectedError, type TokenVerifier } from '../../common/auth/token-verifier';
import type { Principal } from '../../common/principal';
import { gatewayError } from '../errors/error-catalogue';
import { answer, proceed, type OperationFacts, type OperationRequest, type StageResult } from '../pipeline/operation';

/**
 * Establishes who is asking. No header: anonymous. A token that does not verify: HTTP 401 with
 * one word for the client, while jose's reason goes to the log and the audit record.
 */
export function createAuthenticateStage(tokenVerifier: TokenVerifier, log: FastifyBaseLogger) {
  return async (request: OperationRequest, facts: OperationFacts): Promise<StageResult<Principal>> => {
    try {
      facts.principal = await tokenVerifier.verify(request.authorization, request.purpose);
      return proceed(facts.principal);
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      log.warn({ requestId: request.requestId, reason: error.reason }, 'token rejected');
      facts.tokenRejection = error.reason;
      return answer({ status: 401, body: { errors: [gatewayError('UNAUTHENTICATED', 'Authentication failed')] } });
    }
  };
}

/** The token itself, once verified, for forwarding to the subgraphs. */
export function bearerToken(authorization: string | undefined): string | null {
  const match = authorization ? /^Bearer (\S+)$/i.exec(authorization.trim()) : null;
  return match ? (match[1] as string) : null;
}
