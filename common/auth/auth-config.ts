import { ConfigError } from '../config-error';

/** Asymmetric algorithms only: never `none`, never HS* (an HMAC keyed with a public key is forgeable). */
export const ALLOWED_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;
export const MAX_CLOCK_TOLERANCE_S = 60;

export interface AuthConfig {
  /** Where verification keys come from; null means no keys: every token is rejected, anonymous still works. */
  readonly keys: { readonly kind: 'url'; readonly url: string } | { readonly kind: 'file'; readonly file: string } | null;
  readonly issuer: string | null;
  readonly audience: string | null;
  /** Leeway on `exp`/`nbf` in seconds. Defaults to 5, at most 60. */
  readonly clockToleranceS: number;
  /** Tokens longer than this are rejected before parsing. Defaults to 8192 bytes. */
  readonly maxTokenBytes: number;
  /** Minimum seconds between two JWKS fetches triggered by an unknown `kid`. Defaults to 30. */
  readonly jwksCooldownS: number;
}

/** Reads the AUTH_* variables, the same for the gateway and every subgraph. */
export function resolveAuthConfig(env: NodeJS.ProcessEnv): AuthConfig {
  const url = env.AUTH_JWKS_URL || undefined;
  const file = env.AUTH_JWKS_FILE || undefined;
  if (url && file) throw new ConfigError('AUTH_JWKS_URL / AUTH_JWKS_FILE', 'only one of the two', { url, file });
  if (url && !/^https?:\/\//.test(url)) throw new ConfigError('AUTH_JWKS_URL', 'an http(s) URL', url);
  const keys = url ? ({ kind: 'url', url } as const) : file ? ({ kind: 'file', file } as const) : null;
  const issuer = env.AUTH_ISSUER || null;
  const audience = env.AUTH_AUDIENCE || null;
  if (keys && !issuer) throw new ConfigError('AUTH_ISSUER', 'set whenever keys are configured', env.AUTH_ISSUER ?? null);
  if (keys && !audience) throw new ConfigError('AUTH_AUDIENCE', 'set whenever keys are configured', env.AUTH_AUDIENCE ?? null);
  const tolerance = env.AUTH_CLOCK_TOLERANCE_S ?? '5';
  if (!/^\d+$/.test(tolerance) || Number(tolerance) > MAX_CLOCK_TOLERANCE_S) {
    throw new ConfigError('AUTH_CLOCK_TOLERANCE_S', `an integer from 0 to ${MAX_CLOCK_TOLERANCE_S}`, tolerance);
  }
  const maxBytes = env.AUTH_MAX_TOKEN_BYTES ?? '8192';
  if (!/^\d+$/.test(maxBytes) || Number(maxBytes) < 256 || Number(maxBytes) > 65536) {
    throw new ConfigError('AUTH_MAX_TOKEN_BYTES', 'an integer from 256 to 65536', maxBytes);
  }
  const cooldown = env.AUTH_JWKS_COOLDOWN_S ?? '30';
  if (!/^\d+$/.test(cooldown)) throw new ConfigError('AUTH_JWKS_COOLDOWN_S', 'a whole number of seconds', cooldown);
  return Object.freeze({
    keys,
    issuer,
    audience,
    clockToleranceS: Number(tolerance),
    maxTokenBytes: Number(maxBytes),
    jwksCooldownS: Number(cooldown),
  });
}
