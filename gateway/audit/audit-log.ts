import type { AuditEntry } from './audit-entry';
import type { AuditStore } from './audit-store';
import { normalizeAuditEntry, type NormalizedEntry } from './normalize-audit-entry';

export interface AuditLogOptions {
  /** Most entries one commit carries (a single larger record() call still goes whole). Default 1000. */
  readonly maxBatch?: number;
  /**
   * Appends that may be under way at once. 1 (the default) for a store that chains from its head as
   * it returns; more only for a store that orders its appends itself, like the worker store, where
   * sending the next batch while one commits saves a round trip per commit.
   */
  readonly maxInFlight?: number;
}

interface Pending {
  readonly items: readonly NormalizedEntry[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit in front of an AuditStore. Every request must be durably recorded before it is
 * answered, but one fsync per request would serialize the gateway; so record() calls made in the
 * same tick are queued and written by ONE store.append in a setImmediate flush. Each caller's
 * promise settles with the commit that holds its entries: resolved when durable, rejected with
 * the store's error when that batch was not written at all. One call's entries stay contiguous.
 */
export class AuditLog {
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  private pending = 0;

  constructor(private readonly store: AuditStore, options: AuditLogOptions = {}) {
    this.maxBatch = options.maxBatch ?? 1000;
    this.maxInFlight = options.maxInFlight ?? 1;
    if (!Number.isSafeInteger(this.maxBatch) || this.maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer, got ${this.maxBatch}`);
    if (!Number.isSafeInteger(this.maxInFlight) || this.maxInFlight < 1) throw new RangeError(`maxInFlight must be a positive integer, got ${this.maxInFlight}`);
  }

  record(entries: readonly AuditEntry[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('audit log is closed'));
    let items: NormalizedEntry[];
    try {
      // Checked and serialized here, per caller, so one malformed entry fails its own request, not
      // the batch, and the store writes what it is handed.
      items = entries.map(normalizeAuditEntry);
    } catch (error) {
      return Promise.reject(error);
    }
    if (items.length === 0) return Promise.resolve();
    this.pending += items.length;
    const settled = () => {
      this.pending -= items.length;
    };
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ items, resolve: () => (settled(), resolve()), reject: (error) => (settled(), reject(error)) });
      this.schedule();
    });
  }

  /** Entries recorded and not yet committed (queued or in a commit under way). */
  get pendingEntries(): number {
    return this.pending;
  }

  /** Writes what is queued, then closes the store; later record() calls reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.queue.length > 0 || this.inFlight.size > 0 || this.scheduled) {
      if (this.queue.length > 0 && this.inFlight.size < this.maxInFlight) this.flush();
      else if (this.inFlight.size > 0) await Promise.race(this.inFlight);
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await this.store.close();
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight.size >= this.maxInFlight) return;
    this.scheduled = true;
    // setImmediate, not a microtask: it runs after the I/O callbacks of this loop turn, so every
    // request that finished in the same turn joins the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.inFlight.size >= this.maxInFlight || this.queue.length === 0) return;
    let count = 0;
    let size = 0;
    for (const next of this.queue) {
      if (count > 0 && size + next.items.length > this.maxBatch) break;
      count += 1;
      size += next.items.length;
    }
    const batch = this.queue.splice(0, count);
    const items = batch.length === 1 ? (batch[0] as Pending).items : batch.flatMap((p) => p.items);
    const run = async (): Promise<void> => {
      try {
        await this.store.appendNormalized(items);
      } catch (error) {
        for (const pending of batch) pending.reject(error);
        return;
      }
      for (const pending of batch) pending.resolve();
    };
    const flushing: Promise<void> = run().finally(() => {
      this.inFlight.delete(flushing);
      if (this.queue.length > 0 && !this.closed) this.schedule();
    });
    this.inFlight.add(flushing);
  }
}
