import type { RateLimitStore } from './rate-limit-store';

/**
 * The embedded store: counters in this process's memory, right for one gateway. Ended windows
 * are swept as new ones begin, so memory holds the current window's callers only.
 */
export function createMemoryRateLimitStore(options: { now?: () => number } = {}): RateLimitStore {
  const now = options.now ?? Date.now;
  const counters = new Map<string, { count: number; endsAt: number }>();
  let nextSweep = 0;
  return {
    async increment(key, windowStartMs, windowMs, amount) {
      const at = now();
      if (at >= nextSweep) {
        for (const [id, counter] of counters) if (counter.endsAt <= at) counters.delete(id);
        nextSweep = at + windowMs;
      }
      const id = `${windowStartMs}\u0000${key}`;
      const counter = counters.get(id);
      if (counter) {
        counter.count += amount;
        return counter.count;
      }
      counters.set(id, { count: amount, endsAt: windowStartMs + windowMs });
      return amount;
    },
    async close() {
      counters.clear();
    },
  };
}
