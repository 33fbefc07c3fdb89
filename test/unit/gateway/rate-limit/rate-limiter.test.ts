import { makeUscc } from '../../../../common/identifiers/uscc';
import { ANONYMOUS, type Principal } from '../../../../common/principal';
import type { CallerLimits } from '../../../../policies/caller-limits';
import { loadPolicies } from '../../../../policies/load-policies';
import { createMemoryRateLimitStore } from '../../../../gateway/rate-limit/memory-rate-limit-store';
import { openPostgresRateLimitStore } from '../../../../gateway/rate-limit/postgres-rate-limit-store';
import type { RateLimitStore } from '../../../../gateway/rate-limit/rate-limit-store';
import { createRateLimiter } from '../../../../gateway/rate-limit/rate-limiter';
import { createTestDatabase, describePostgres } from '../../../helpers/postgres';

const LIMITS = { requestsPerWindow: 3, costPerWindow: 100 } as CallerLimits;
const { consumers } = loadPolicies();
const consumer = (id: string, claims: Partial<Principal> = {}): Principal => ({ authenticated: true, subject: 'u', consumer: id, scopes: new Set(), purpose: null, expiresAt: null, ...claims });
const A = makeUscc('9', '1', '110108', 'MA0000A1');
const B = makeUscc('9', '1', '310115', 'MA0000B2');

/**
 * Two institutions through the one INSTITUTION consumer, and two tokens of one ministry system:
 * the institutions are counted apart, the ministry's tokens together. Run on each store.
 */
async function expectInstitutionsCountedApart(store: RateLimitStore, now: () => number): Promise<void> {
  const limiter = createRateLimiter(store, { windowS: 60, clientHashKey: 'k', consumers, now });
  const clerk = (uscc: string, n: number) => consumer('institution-self-service', { subject: `clerk-${n}`, institution: uscc });
  const first = [];
  for (let i = 0; i < 4; i += 1) first.push(await limiter.admit(clerk(A, i), '10.0.0.1', LIMITS));
  expect(first.map((a) => a.refusal?.status ?? 200)).toEqual([200, 200, 200, 429]);
  expect(first[0]!.admission.key).toBe(`institution:${A}`);
  // The other institution, from the same address, through the same consumer: its own budget.
  const other = await limiter.admit(clerk(B, 9), '10.0.0.1', LIMITS);
  expect([other.refusal, other.admission.key, other.admission.requests]).toEqual([null, `institution:${B}`, 1]);
  // A ministry system's tokens share one budget, even one carrying an institution's USCC.
  const moe = [];
  for (let i = 0; i < 4; i += 1) moe.push(await limiter.admit(consumer('moe-supervision-platform', { subject: `officer-${i}`, institution: i % 2 ? A : null }), `10.0.1.${i}`, LIMITS));
  expect(moe.map((a) => [a.admission.key, a.refusal?.status ?? 200])).toEqual([0, 1, 2, 3].map((i) => ['consumer:moe-supervision-platform', i < 3 ? 200 : 429]));
}

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
    const limiter = createRateLimiter(createMemoryRateLimitStore({ now }), { windowS: 60, clientHashKey: 'k', consumers, now });
    const seen = [];
    for (let i = 0; i < 4; i += 1) seen.push(await limiter.admit(ANONYMOUS, '10.0.0.1', LIMITS));
    expect(seen.slice(0, 3).every((s) => s.refusal === null)).toBe(true);
    expect(seen[0]!.admission.headers).toEqual({ 'ratelimit-policy': '"requests";q=3;w=60, "cost";q=100;w=60', ratelimit: '"requests";r=2;t=45' });
    const refused = seen[3]!.refusal!;
    expect(refused.status).toBe(429);
    expect(refused.headers?.['retry-after']).toBe('45');
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'REQUEST_RATE_LIMITED', rateLimit: { policy: 'requests', limit: 3, windowS: 60, retryAfterS: 45 } });
    // A new window, a new budget.
    clock.now += 45_000;
    expect((await limiter.admit(ANONYMOUS, '10.0.0.1', LIMITS)).refusal).toBeNull();
  });

  it('counts each anonymous address and each consumer on its own; the address is kept only as a keyed hash', async () => {
    const limiter = createRateLimiter(createMemoryRateLimitStore({ now }), { windowS: 60, clientHashKey: 'k', consumers, now });
    for (let i = 0; i < 3; i += 1) await limiter.admit(ANONYMOUS, '10.0.0.1', LIMITS);
    expect((await limiter.admit(ANONYMOUS, '10.0.0.1', LIMITS)).refusal).not.toBeNull();
    expect((await limiter.admit(ANONYMOUS, '10.0.0.2', LIMITS)).refusal).toBeNull();
    const moe = await limiter.admit(consumer('moe'), '10.0.0.1', LIMITS);
    expect(moe.refusal).toBeNull();
    expect(moe.admission.key).toBe('consumer:moe');
    const anonymous = await limiter.admit(ANONYMOUS, '10.0.0.9', LIMITS);
    expect(anonymous.admission.key).toMatch(/^anonymous:[0-9a-f]{64}$/);
    expect(anonymous.admission.key).not.toContain('10.0.0.9');
  });

  it('counts each institution signed in through the INSTITUTION consumer on its own, and a ministry system\'s tokens together', async () => {
    await expectInstitutionsCountedApart(createMemoryRateLimitStore({ now }), now);
  });

  it('counts a token of the INSTITUTION consumer that names no institution against the consumer, apart from every institution', async () => {
    const limiter = createRateLimiter(createMemoryRateLimitStore({ now }), { windowS: 60, clientHashKey: 'k', consumers, now });
    for (let i = 0; i < 3; i += 1) await limiter.admit(consumer('institution-self-service'), '10.0.0.1', LIMITS);
    const nameless = await limiter.admit(consumer('institution-self-service'), '10.0.0.1', LIMITS);
    expect([nameless.admission.key, nameless.refusal?.status]).toEqual(['consumer:institution-self-service', 429]);
    expect((await limiter.admit(consumer('institution-self-service', { institution: A }), '10.0.0.1', LIMITS)).refusal).toBeNull();
  });

  it('charges estimated cost against the cost budget and refuses once it is spent', async () => {
    const limiter = createRateLimiter(createMemoryRateLimitStore({ now }), { windowS: 60, clientHashKey: 'k', consumers, now });
    const { admission } = await limiter.admit(consumer('c'), '', LIMITS);
    expect((await limiter.charge(admission, 60, LIMITS)).refusal).toBeNull();
    const second = await limiter.charge(admission, 60, LIMITS);
    expect(second.refusal?.status).toBe(429);
    expect(second.refusal?.body.errors?.[0]?.message).toMatch(/^Cost quota reached: more than 100 estimated cost in 60 s/);
    expect(second.headers.ratelimit).toBe('"requests";r=2;t=45, "cost";r=0;t=45');
  });
});

describePostgres('the rate limiter on PostgreSQL counters', () => {
  it('counts each institution on its own, and a ministry system\'s tokens together, in the shared store', async () => {
    const database = await createTestDatabase();
    const store = await openPostgresRateLimitStore(database.url);
    try {
      await expectInstitutionsCountedApart(store, () => 60_000 * 1000 + 15_000);
      const rows = await database.sql<{ key: string; count: string }>('SELECT key, count FROM rate_limit_counters ORDER BY key');
      expect(rows.map((r) => [r.key, Number(r.count)])).toEqual([['consumer:moe-supervision-platform:requests', 4], [`institution:${A}:requests`, 4], [`institution:${B}:requests`, 1]]);
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
