/**
 * Where the rate limiter keeps its counters. Gateway replicas that share one store share their
 * limits, so the interface is what a shared database can do in one statement: add to a counter
 * and read the sum back, atomically (in PostgreSQL, `INSERT ... ON CONFLICT (key, window_start)
 * DO UPDATE SET count = count + $n RETURNING count`). Counters are per fixed window; a store may
 * forget a window once it has ended.
 */
export interface RateLimitStore {
  /**
   * Adds `amount` to the counter `key` of the window that starts at `windowStartMs` and lasts
   * `windowMs`, and resolves to the counter's new value. No increment from any replica is lost.
   */
  increment(key: string, windowStartMs: number, windowMs: number, amount: number): Promise<number>;
  close(): Promise<void>;
}
