import { openPostgresRateLimitStore } from '../../../../gateway/rate-limit/postgres-rate-limit-store';
import type { RateLimitStore } from '../../../../gateway/rate-limit/rate-limit-store';
import { createTestDatabase, describePostgres, type TestDatabase } from '../../../helpers/postgres';

describePostgres('rate-limit counters in PostgreSQL', () => {
  let database: TestDatabase;
  let stores: RateLimitStore[];
  let clock = 1_000_000;
  const now = () => clock;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Two replicas' stores on one database.
    stores = [await openPostgresRateLimitStore(database.url, { now }), await openPostgresRateLimitStore(database.url, { now })];
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await database.drop();
  });

  it('replicas share one counter per key and window, and lose no concurrent increment', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => stores[i % 2]!.increment('consumer:a:requests', 960_000, 60_000, 1)));
    expect(Math.max(...results)).toBe(200);
    expect(new Set(results).size).toBe(200); // every increment saw its own total
    expect(await stores[0]!.increment('consumer:a:cost', 960_000, 60_000, 250)).toBe(250);
    expect(await stores[1]!.increment('consumer:b:requests', 960_000, 60_000, 1)).toBe(1);
    expect(await stores[1]!.increment('consumer:a:requests', 1_020_000, 60_000, 1)).toBe(1); // the next window starts afresh
  });

  it('forgets ended windows', async () => {
    await stores[0]!.increment('consumer:old:requests', 0, 60_000, 5);
    clock = 10_000_000;
    await stores[0]!.increment('consumer:new:requests', 9_960_000, 60_000, 1);
    await new Promise((r) => setTimeout(r, 200)); // the sweep runs beside the increment
    const rows = await database.sql<{ key: string }>('SELECT key FROM rate_limit_counters ORDER BY key');
    expect(rows.map((r) => r.key)).toEqual(['consumer:new:requests']);
  });

  it('keeps counting in memory, per replica, while the database cannot be reached', async () => {
    const fallbacks: Error[] = [];
    const store = await openPostgresRateLimitStore(database.url, { now, onFallback: (e) => fallbacks.push(e) });
    await database.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'edu-gateway-rate-limit' AND datname = current_database()");
    await database.sql('ALTER TABLE rate_limit_counters RENAME TO rate_limit_counters_away');
    try {
      expect(await store.increment('consumer:c:requests', 9_960_000, 60_000, 1)).toBe(1);
      expect(await store.increment('consumer:c:requests', 9_960_000, 60_000, 1)).toBe(2);
      expect(fallbacks).toHaveLength(1);
    } finally {
      await database.sql('ALTER TABLE rate_limit_counters_away RENAME TO rate_limit_counters');
      await store.close();
    }
  });

  it('refuses to start on a database it cannot reach, in one line', async () => {
    await expect(openPostgresRateLimitStore('postgresql://gw:secret@127.0.0.1:1/x')).rejects.toMatchObject({
      code: 'ERR_RATE_LIMIT_STORE_UNAVAILABLE',
      message: expect.stringMatching(/^the rate-limit counters at postgresql:\/\/gw:\*\*\*@127\.0\.0\.1:1\/x cannot be opened/),
    });
  });
});
