/**
 * Who is asking, as established from a verified token (or its absence). Both the gateway and
 * the subgraphs derive one per request; nothing else about the caller is trusted.
 */
export interface Principal {
  /** False for anonymous callers: they see only fields with no requirement. */
  readonly authenticated: boolean;
  /** End user (`sub`), when a token names one. */
  readonly subject: string | null;
  /** Consumer system (`azp` or `client_id`), when a token names one. */
  readonly consumer: string | null;
  readonly scopes: ReadonlySet<string>;
  /** Purpose code declared for this request (header `X-Purpose` or the `purpose` claim). */
  readonly purpose: string | null;
  /** Seconds since the epoch at which the token stops being valid; null when anonymous. */
  readonly expiresAt: number | null;
  /**
   * Granted scopes of the CONDITIONAL sharing class held back because the request carries no
   * purpose its consumer declared; `purposeProblem` says why. Empty when nothing was held back.
   */
  readonly withheldScopes?: ReadonlySet<string>;
  readonly purposeProblem?: 'MISSING_PURPOSE' | 'UNDECLARED_PURPOSE' | null;
}

export const ANONYMOUS: Principal = Object.freeze({
  authenticated: false,
  subject: null,
  consumer: null,
  scopes: new Set<string>(),
  purpose: null,
  expiresAt: null,
});

export function hasScope(principal: Principal, scope: string): boolean {
  return principal.scopes.has(scope);
}
