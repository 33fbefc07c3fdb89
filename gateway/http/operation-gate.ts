import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/**
 * How many GraphQL operations run at once, the rest waiting their turn in arrival order before
 * parsing. On a busy gateway, 50 operations started together all hold their merged subgraph data
 * while they wait on their next fetch; every scavenge then copies that data out of the young
 * generation and promotes it, and garbage collection grows to a fifth of the CPU. Run a few at a
 * time, and the same data dies young: on the public benchmark's TestQuery at 50 connections, 8 at a
 * time took the gateway's CPU per request from ~5.8 to ~4.8 ms, with no fewer requests per second.
 *
 * The limit adapts so that waiting never becomes the bottleneck: while operations wait and the event
 * loop had time to spare over the last interval (the running ones waiting on their subgraphs), it
 * grows, doubling when the loop was all but idle (a slow or hung subgraph); while the loop is
 * saturated it shrinks back towards its floor. So a hung subgraph costs the others a few intervals
 * of waiting (100 ms each), not its timeout.
 */
export interface OperationGate {
  /** Runs `work` in its turn. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Operations running now, waiting now, and the current limit (for tests and metrics). */
  readonly state: { readonly active: number; readonly waiting: number; readonly limit: number };
  /** Stops the adaptation timer; waiting operations are admitted at once. */
  close(): void;
}

export interface OperationGateOptions {
  /** The floor of the limit (OPERATION_CONCURRENCY); 0: no gate, every operation runs at once. */
  readonly concurrency: number;
  /** How often the limit adapts while operations wait. Defaults to 100 ms. */
  readonly intervalMs?: number;
  /** Event loop utilization over an interval, 0-1; injectable for tests. */
  readonly utilization?: () => number;
}

/** Above: the loop is saturated; more operations at once would only hold more data. */
const SATURATED = 0.9;
/** Below, with operations waiting: the loop had time to spare while they waited; let more in. */
const SPARE = 0.75;
/** Below: the loop was all but idle (the running operations are stuck on a slow or hung subgraph). */
const IDLE = 0.25;
const MAX_LIMIT = 4096;

export function createOperationGate(options: OperationGateOptions): OperationGate {
  const floor = options.concurrency;
  if (floor === 0) {
    return { run: (work) => work(), state: { active: 0, waiting: 0, limit: Infinity }, close: () => undefined };
  }
  const intervalMs = options.intervalMs ?? 100;
  const utilization = options.utilization ?? loopUtilization();
  const waiting: (() => void)[] = [];
  let active = 0;
  let limit = floor;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const admit = () => {
    while (waiting.length > 0 && (active < limit || closed)) {
      active += 1;
      waiting.shift()!();
    }
  };
  // Whether the last interval ended in adapt() (a continuous measurement) rather than idle.
  let adapting = false;
  const adapt = () => {
    timer = null;
    adapting = true;
    const used = utilization();
    // Grows by steps, by doubling when idle, and shrinks by a quarter: it settles where the loop is
    // just busy, and a hung subgraph holds the others up for a few intervals only.
    if (waiting.length > 0 && used < SPARE) limit = Math.min(MAX_LIMIT, used < IDLE ? limit * 2 : limit + floor);
    else if (used > SATURATED) limit = Math.max(floor, Math.floor(limit * 0.75));
    // Room nobody waits for goes too, or a burst after a quiet spell would all be let in at once
    // (and this timer would run on while the gateway idles).
    else if (waiting.length === 0) limit = Math.max(floor, active, Math.floor(limit * 0.75));
    admit();
    arm();
    adapting = false;
  };
  const arm = () => {
    // Also while above the floor with none waiting: the limit comes back down once the loop is busy.
    if (timer === null && !closed && (waiting.length > 0 || limit > floor)) {
      // The interval starts now: what the loop did before operations waited says nothing.
      if (!adapting) utilization();
      timer = setTimeout(adapt, intervalMs);
      // Waiting requests keep their sockets, and so the process, alive; the timer need not.
      timer.unref();
    }
  };
  const release = () => {
    active -= 1;
    admit();
  };

  return {
    async run(work) {
      if (active < limit || closed) {
        active += 1;
      } else {
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          arm();
        });
      }
      try {
        return await work();
      } finally {
        release();
      }
    },
    get state() {
      return { active, waiting: waiting.length, limit };
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      admit();
    },
  };
}

/** The main thread's event loop utilization since the previous call. */
function loopUtilization(): () => number {
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const used = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    return used;
  };
}
