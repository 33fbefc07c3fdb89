import { redactDatabaseUrl } from '../../common/postgres/database-url';
import { createPgPool, migrate } from '../../common/postgres/pg-pool';
import { createMemoryRateLimitStore } from './memory-rate-limit-store';
import type { RateLimitStore } from './rate-limit-store';

/**
 * UNLOGGED: counters are worth nothing after a server crash (the window starts afresh), so they
 * skip the write-ahead log and cost no fsync on the request path.
 */
const SCHEMA = `
CREATE UNLOGGED TABLE IF NOT EXISTS rate_limit_counters (
  key          text NOT NULL,
  window_start bigint NOT NULL,
  ends_at      bigint NOT NULL,
  count        bigint NOT NULL,
  PRIMARY KEY (key, window_start)
);
CREATE INDEX IF NOT EXISTS rate_limit_counters_by_end ON rate_limit_counters (ends_at);
`;

const INCREMENT_SQL = `
INSERT INTO rate_limit_counters AS c (key, window_start, ends_at, count) VALUES ($1, $2, $3, $4)
ON CONFLICT (key, window_start) DO UPDATE SET count = c.count + EXCLUDED.count
RETURNING count`;

export interface PostgresRateLimitStoreOptions {
  readonly now?: () => number;
  /** Called (at most once per window) when the database cannot be reached and this process counts alone. */
  readonly onFallback?: (error: Error) => void;
}

/**
 * Rate-limit counters in PostgreSQL, shared by every gateway replica: one upsert per increment,
 * atomic on the server, so no replica's count is lost. Ended windows are deleted once per window,
 * off the request path. If the database cannot be reached the limits still hold, per replica: the
 * increment falls back to this process's memory until the database answers again. Refusing every
 * request because a counter store is down would turn an outage of abuse protection into an outage.
 */
export async function openPostgresRateLimitStore(url: string, options: PostgresRateLimitStoreOptions = {}): Promise<RateLimitStore> {
  const now = options.now ?? Date.now;
  const pool = createPgPool({ url, applicationName: 'edu-gateway-rate-limit', max: 4, statementTimeoutMs: 2000 });
  try {
    await migrate(pool, 'rate limit 1: rate_limit_counters', SCHEMA);
  } catch (error) {
    await pool.end();
    throw Object.assign(new Error(`the rate-limit counters at ${redactDatabaseUrl(url)} cannot be opened: ${(error as Error).message}`), { code: 'ERR_RATE_LIMIT_STORE_UNAVAILABLE' });
  }
  const fallback = createMemoryRateLimitStore({ now });
  let nextSweep = 0;
  let warnedUntil = 0;
  return {
    async increment(key, windowStartMs, windowMs, amount) {
      const at = now();
      if (at >= nextSweep) {
        nextSweep = at + windowMs;
        pool.query('DELETE FROM rate_limit_counters WHERE ends_at <= $1', [at]).catch(() => undefined);
      }
      try {
        const { rows } = await pool.query<{ count: number }>(INCREMENT_SQL, [key, windowStartMs, windowStartMs + windowMs, amount]);
        return (rows[0] as { count: number }).count;
      } catch (error) {
        if (at >= warnedUntil) {
          warnedUntil = windowStartMs + windowMs;
          (options.onFallback ?? ((e) => process.emitWarning(`rate-limit counters in PostgreSQL unavailable, counting in this process: ${e.message}`, 'RateLimitWarning')))(error as Error);
        }
        return fallback.increment(key, windowStartMs, windowMs, amount);
      }
    },
    async close() {
      await Promise.all([pool.end(), fallback.close()]);
    },
  };
}
