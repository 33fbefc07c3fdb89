import { ANONYMOUS, type Principal } from '../../../../common/principal';
import type { CallerLimits } from '../../../../policies/caller-limits';
import { createMemoryRateLimitStore } from '../../../../gateway/rate-limit/memory-rate-limit-store';
import { createRateLimiter } from '../../../../gateway/rate-limit/rate-limiter';
import type { OperationFacts } from '../../../../gateway/pipeline/operation';

const LIMITS = { requestsPerWindow: 3, costPerWindow: 100 } as CallerLimits;
const facts = (): OperationFacts => ({ started: 0, principal: ANONYMOUS, fetches: [] });
const consumer = (id: string): Principal => ({ authenticated: true, subject: 'u', consumer: id, scopes: new Set(), purpose: null, expiresAt: null });

describe('the rate limiter', () => {
  // 15 s into a 60 s window.
  const clock = { now: 0 };
  const now = () => clock.now;
  beforeEach(() => {
    clock.now = 60_000 * 1000 + 15_000;
  });

  it('keeps atomic counters per key and window in the memory store, and forgets ended windows', async () => {
    const store = createMemoryRateLimitStore({ now });
    const counts = await Promise.all(Array.from({ length: 100 }, () => store.increment('k', 0, 60_000, 2)));
    expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => 2 * (i + 1)));
    expect(await store.increment('other', 0, 60_000, 5)).toBe(5);
    expect(await store.increment('k', 60_000, 60_000, 1)).toBe(1);
  });

  it('admits the window\'s requests, then answers 429 with Retry-After until the window ends, with RateLimit headers throughout', async () => {
    const limiter = createRateLimiter(createMemoryRateLimitStore({ now }), { windowS: 60, clientHashKey: 'k', now });
    const seen = [];
    for (let i = 0; i < 4; i += 1) seen.push(await limiter.admit(ANONYMOUS, '10.0.0.1', LIMITS, facts()));
    expect(seen.slice(0, 3).every((s) => s.refusal === null)).toBe(true);
    expect(seen[0]!.admission.headers).toEqual({ 'ratelimit-policy': '"requests";q=3;w=60, "cost";q=100;w=60', ratelimit: '"requests";r=2;t=45' });
    const refused = seen[3]!.refusal!;
    expect(refused.status).toBe(429);
    expect(refused.headers?.['retry-after']).toBe('45');
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'REQUEST_RATE_LIMITED', rateLimit: { policy: 'requests', limit: 3, windowS: 60, retryAfterS: 45 } });
    // A new window, a new budget.
    clock.now += 45_000;
    expect((await limiter.admit(ANONYMOUS, '10.0.0.1', LIMITS, facts())).refusal).toBeNull();
  });

  it('counts each anonymous address and each consumer on its own; the address is kept only as a keyed hash', async () => {
    const limiter = createRateLimiter(createMemoryRateLimitStore({ now }), { windowS: 60, clientHashKey: 'k', now });
    for (let i = 0; i < 3; i += 1) await limiter.admit(ANONYMOUS, '10.0.0.1', LIMITS, facts());
    expect((await limiter.admit(ANONYMOUS, '10.0.0.1', LIMITS, facts())).refusal).not.toBeNull();
    expect((await limiter.admit(ANONYMOUS, '10.0.0.2', LIMITS, facts())).refusal).toBeNull();
    const moe = await limiter.admit(consumer('moe'), '10.0.0.1', LIMITS, facts());
    expect(moe.refusal).toBeNull();
    expect(moe.admission.key).toBe('consumer:moe');
    const anonymous = await limiter.admit(ANONYMOUS, '10.0.0.9', LIMITS, facts());
    expect(anonymous.admission.key).toMatch(/^anonymous:[0-9a-f]{64}$/);
    expect(anonymous.admission.key).not.toContain('10.0.0.9');
  });

  it('charges estimated cost against the cost budget and refuses once it is spent', async () => {
    const limiter = createRateLimiter(createMemoryRateLimitStore({ now }), { windowS: 60, clientHashKey: 'k', now });
    const { admission } = await limiter.admit(consumer('c'), '', LIMITS, facts());
    expect((await limiter.charge(admission, 60, LIMITS, facts())).refusal).toBeNull();
    const over = facts();
    const second = await limiter.charge(admission, 60, LIMITS, over);
    expect(second.refusal?.status).toBe(429);
    expect(second.refusal?.body.errors?.[0]?.message).toMatch(/^Cost quota reached: more than 100 estimated cost in 60 s/);
    expect(second.headers.ratelimit).toBe('"requests";r=2;t=45, "cost";r=0;t=45');
    expect(over.rateLimited).toBe('cost');
  });
});
