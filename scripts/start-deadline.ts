/**
 * A deadline for a child process to show it started, that does not fail a child whose proof is
 * already waiting to be read. Node runs due timers before pending I/O in a turn of its loop: had this
 * process been kept busy past the deadline, the child's line may be sitting in the pipe. So the
 * deadline looks once more, after that I/O, and tells `expired` how late its timer fired (a late
 * timer says this process, not the child, was busy). `met()` cancels it.
 */
export function startDeadline(timeoutMs: number, expired: (lateMs: number) => void): { met(): void } {
  const due = performance.now() + timeoutMs;
  let met = false;
  const timer = setTimeout(() => {
    // Timers count from the loop's cached clock, in whole milliseconds: one may fire a fraction early.
    const lateMs = Math.max(0, performance.now() - due);
    setImmediate(() => {
      if (!met) expired(lateMs);
    });
  }, timeoutMs);
  return {
    met() {
      met = true;
      clearTimeout(timer);
    },
  };
}
