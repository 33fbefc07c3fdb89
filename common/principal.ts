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
  /**
   * The acting body an officer's token names (`agency` claim, e.g. "edu-110108"), recorded with
   * every command; null when the token names none. Absent on principals that never write.
   */
  readonly agency?: string | null;
  /**
   * The GB/T 2260 code of the officer's administrative region (`region` claim, six digits). A
   * county code limits commands to that county, a prefecture code (…00) to its prefecture, a
   * province code (…0000) to its province; `000000` is a national authority. Null when absent or
   * malformed: such a token can read but cannot act on a record.
   */
  readonly region?: string | null;
  /**
   * The institution a token of an INSTITUTION consumer speaks for (`uscc` claim, a valid USCC);
   * null otherwise. Only what concerns this USCC is served to such a caller.
   */
  readonly institution?: string | null;
}

export const ANONYMOUS: Principal = Object.freeze({
  authenticated: false,
  subject: null,
  consumer: null,
  scopes: new Set<string>(),
  purpose: null,
  expiresAt: null,
  agency: null,
  region: null,
  institution: null,
});

export function hasScope(principal: Principal, scope: string): boolean {
  return principal.scopes.has(scope);
}
