import type { Principal } from '../../common/principal';
import type { CallerLimits } from '../../policies/caller-limits';
import type { Consumer } from '../../policies/load-policies';
import { clientHashOf } from '../audit/client-hash';
import { gatewayError } from '../errors/error-catalogue';
import type { OperationResponse } from '../pipeline/operation';
import type { RateLimitStore } from './rate-limit-store';

export type RateLimitPolicy = 'requests' | 'cost';

/** What one admitted request learned: the headers its answer carries, whatever it turns out to be. */
export interface Admission {
  readonly key: string;
  /** Requests counted in the window so far, this one included. */
  readonly requests: number;
  readonly headers: Record<string, string>;
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

export interface RateLimiterOptions {
  readonly windowS: number;
  readonly clientHashKey: string;
  /** Consumers by id (policies/consumers.json): an INSTITUTION consumer's callers are counted per institution. */
  readonly consumers: ReadonlyMap<string, Consumer>;
  readonly now?: () => number;
}

/**
 * Requests and estimated cost per caller and fixed window (RATE_LIMIT_WINDOW_S): a ministry
 * system's consumer is counted by its id (every token of the same system shares one budget); a
 * caller of an INSTITUTION consumer by the institution its token speaks for (its USCC, public and
 * no personal data), since every institution signs in through the same consumer and one must not
 * spend the others' budget; an anonymous caller by an HMAC of its address (the key the audit uses,
 * so the address itself is never stored). A caller over either budget gets HTTP 429
 * REQUEST_RATE_LIMITED with `Retry-After` until its window ends. Every answer carries
 * `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers). One limiter serves
 * every route that counts requests (GraphQL and the access log), so they share one budget.
 */
export function createRateLimiter(store: RateLimitStore, options: RateLimiterOptions) {
  const now = options.now ?? Date.now;
  const windowMs = options.windowS * 1000;

  const keyOf = (principal: Principal, clientAddress: string): string => {
    if (!principal.authenticated) return `anonymous:${clientHashOf(options.clientHashKey, clientAddress)}`;
    // A token of an INSTITUTION consumer naming no valid USCC is served nothing of any institution's:
    // such tokens share their consumer's budget, and can lock out only each other.
    if (principal.institution && principal.consumer && options.consumers.get(principal.consumer)?.kind === 'INSTITUTION') return `institution:${principal.institution}`;
    return `consumer:${principal.consumer ?? `subject:${principal.subject ?? ''}`}`;
  };

  const headersFor = (limits: CallerLimits, used: Partial<Record<RateLimitPolicy, number>>, resetS: number): Record<string, string> => {
    const policies: [RateLimitPolicy, number][] = [['requests', limits.requestsPerWindow], ['cost', limits.costPerWindow]];
    return {
      'ratelimit-policy': policies.map(([name, quota]) => `"${name}";q=${quota};w=${options.windowS}`).join(', '),
      ratelimit: policies
        .filter(([name]) => used[name] !== undefined)
        .map(([name, quota]) => `"${name}";r=${Math.max(0, quota - (used[name] as number))};t=${resetS}`)
        .join(', '),
    };
  };

  const refusal = (policy: RateLimitPolicy, limits: CallerLimits, headers: Record<string, string>, retryAfterS: number): OperationResponse => ({
    status: 429,
    headers: { ...headers, 'retry-after': String(retryAfterS) },
    body: {
      errors: [gatewayError('REQUEST_RATE_LIMITED', policy === 'requests'
        ? `Rate limit reached: more than ${limits.requestsPerWindow} requests in ${options.windowS} s; retry after ${retryAfterS} s`
        : `Cost quota reached: more than ${limits.costPerWindow} estimated cost in ${options.windowS} s; retry after ${retryAfterS} s`, {
        rateLimit: { policy, limit: policy === 'requests' ? limits.requestsPerWindow : limits.costPerWindow, windowS: options.windowS, retryAfterS },
      })],
    },
  });

  const window = () => {
    const at = now();
    const start = Math.floor(at / windowMs) * windowMs;
    return { start, resetS: Math.max(1, Math.ceil((start + windowMs - at) / 1000)) };
  };

  return {
    /** Counts the request (1) against the caller's request budget; a refusal is for the `requests` policy. */
    async admit(principal: Principal, clientAddress: string, limits: CallerLimits): Promise<{ admission: Admission; refusal: OperationResponse | null }> {
      const key = keyOf(principal, clientAddress);
      const { start, resetS } = window();
      const requests = await store.increment(`${key}:requests`, start, windowMs, 1);
      const headers = headersFor(limits, { requests }, resetS);
      const admission = { key, requests, headers };
      return { admission, refusal: requests <= limits.requestsPerWindow ? null : refusal('requests', limits, headers, resetS) };
    },

    /** Counts an operation's estimated cost against the caller's cost budget; a refusal is for the `cost` policy. */
    async charge(admission: Admission, cost: number, limits: CallerLimits): Promise<{ headers: Record<string, string>; refusal: OperationResponse | null }> {
      const { start, resetS } = window();
      const spent = await store.increment(`${admission.key}:cost`, start, windowMs, cost);
      const headers = headersFor(limits, { requests: admission.requests, cost: spent }, resetS);
      return { headers, refusal: spent <= limits.costPerWindow ? null : refusal('cost', limits, headers, resetS) };
    },
  };
}
