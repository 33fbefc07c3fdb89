import type { TokenVerifier } from '../../common/auth/token-verifier';
import { ANONYMOUS, type Principal } from '../../common/principal';

/** An authenticated caller holding exactly these scopes, under a purpose. */
export function principalWithScopes(scopes: readonly string[]): Principal {
  return { authenticated: true, subject: 'tester', consumer: 'jest', scopes: new Set(scopes), purpose: 'TEST', expiresAt: null };
}

/**
 * Stands in for token verification in subgraph tests: the bearer "token" is the comma-separated
 * list of scopes, and no header is the anonymous caller. Real tokens are tested end to end.
 */
export const scopeListVerifier: TokenVerifier = {
  verify: async (authorization) =>
    authorization ? principalWithScopes(authorization.replace(/^Bearer /, '').split(',').filter(Boolean)) : ANONYMOUS,
};
