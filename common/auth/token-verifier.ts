import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { checkUscc } from '../identifiers';
import { ANONYMOUS, type Principal } from '../principal';
import { ALLOWED_ALGORITHMS, type AuthConfig } from './auth-config';

/** A token was presented and refused. `reason` is for the log and the audit, never for the client. */
export class TokenRejectedError extends Error {
  constructor(readonly reason: string, readonly detail: string) {
    super(`token rejected: ${reason}`);
    this.name = 'TokenRejectedError';
  }
}

export interface TokenVerifier {
  /**
   * The caller behind an `Authorization` header value: anonymous when there is none, a principal
   * when the token verifies, TokenRejectedError otherwise.
   */
  verify(authorization: string | undefined, purposeHeader?: string | undefined): Promise<Principal>;
}

const MAX_CACHED_TOKENS = 10_000;
/** Purposes remembered per cached token; a caller cycling through more pays for building its principal each time. */
const MAX_PURPOSES_PER_TOKEN = 16;

interface CachedToken {
  readonly payload: JWTPayload;
  readonly expiresAtMs: number;
  /** The refined principal per purpose header ('' for none): built once, not on every request. */
  readonly principals: Map<string, Principal>;
}

/**
 * Verifies bearer tokens with jose and remembers each verified token until it expires, so a
 * client repeating its token pays for one signature check, not one per request, and, with the
 * principal it yields per purpose, for one `refine` (which must be a pure function of the principal).
 */
export function createTokenVerifier(
  config: AuthConfig,
  options: { now?: () => number; refine?: (principal: Principal) => Principal } = {},
): TokenVerifier {
  const now = options.now ?? Date.now;
  const refine = options.refine ?? ((principal: Principal) => principal);
  const keys = loadKeys(config);
  const cache = new Map<string, CachedToken>();

  async function verifyToken(token: string): Promise<CachedToken> {
    const cached = cache.get(token);
    const nowMs = now();
    if (cached && cached.expiresAtMs > nowMs) return cached;
    if (cached) cache.delete(token);
    if (!keys) throw new TokenRejectedError('NO_KEYS_CONFIGURED', 'no verification keys are configured');
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: [...ALLOWED_ALGORITHMS],
        issuer: config.issuer ?? undefined,
        audience: config.audience ?? undefined,
        clockTolerance: config.clockToleranceS,
        requiredClaims: ['exp'],
        currentDate: new Date(nowMs),
      });
      if (cache.size >= MAX_CACHED_TOKENS) cache.delete(cache.keys().next().value as string);
      // Cached only until the token expires, tolerance included, and never past it.
      const entry: CachedToken = { payload, expiresAtMs: (payload.exp as number) * 1000, principals: new Map() };
      cache.set(token, entry);
      return entry;
    } catch (error) {
      if (error instanceof errors.JOSEError) throw new TokenRejectedError(error.code, error.message);
      throw new TokenRejectedError('ERR_UNEXPECTED', error instanceof Error ? error.message : String(error));
    }
  }

  return {
    async verify(authorization, purposeHeader) {
      if (authorization === undefined || authorization === '') return ANONYMOUS;
      const match = /^Bearer ([A-Za-z0-9\-_.~+/]+=*)$/i.exec(authorization.trim());
      if (!match) throw new TokenRejectedError('ERR_MALFORMED_HEADER', 'Authorization is not "Bearer <token>"');
      const token = match[1] as string;
      if (Buffer.byteLength(token) > config.maxTokenBytes) {
        throw new TokenRejectedError('ERR_TOKEN_TOO_LARGE', `token is over ${config.maxTokenBytes} bytes`);
      }
      const entry = await verifyToken(token);
      const purposeKey = purposeHeader ?? '';
      let principal = entry.principals.get(purposeKey);
      if (!principal) {
        principal = refine(principalFromClaims(entry.payload, purposeHeader));
        if (entry.principals.size < MAX_PURPOSES_PER_TOKEN) entry.principals.set(purposeKey, principal);
      }
      return principal;
    },
  };
}

function loadKeys(config: AuthConfig): JWTVerifyGetKey | null {
  if (!config.keys) return null;
  if (config.keys.kind === 'url') {
    // jose refetches on an unknown kid, at most once per cooldown: key rotation works, kid floods do not.
    return createRemoteJWKSet(new URL(config.keys.url), {
      cooldownDuration: config.jwksCooldownS * 1000,
      cacheMaxAge: 10 * 60 * 1000,
      timeoutDuration: 5000,
    });
  }
  return createLocalJWKSet(JSON.parse(readFileSync(config.keys.file, 'utf8')));
}

/** Six digits of GB/T 2260; anything else is ignored rather than trusted. */
const REGION_CLAIM = /^\d{6}$/;

export function principalFromClaims(claims: JWTPayload, purposeHeader?: string): Principal {
  const scopes = new Set<string>();
  if (typeof claims.scope === 'string') for (const s of claims.scope.split(' ')) if (s) scopes.add(s);
  if (Array.isArray(claims.scp)) for (const s of claims.scp) if (typeof s === 'string' && s) scopes.add(s);
  const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
  return Object.freeze({
    authenticated: true,
    subject: str(claims.sub),
    consumer: str(claims.azp) ?? str(claims.client_id),
    scopes,
    purpose: str(purposeHeader) ?? str(claims.purpose),
    expiresAt: typeof claims.exp === 'number' ? claims.exp : null,
    agency: str(claims.agency),
    region: typeof claims.region === 'string' && REGION_CLAIM.test(claims.region) ? claims.region : null,
    institution: typeof claims.uscc === 'string' && checkUscc(claims.uscc) === null ? claims.uscc : null,
  });
}
