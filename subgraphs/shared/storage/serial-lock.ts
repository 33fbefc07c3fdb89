/**
 * Runs one async function at a time, in call order. A process runs one command transaction at
 * a time on its writer: better-sqlite3 has one connection per handle, so two commands
 * interleaving their awaits on it would share a transaction; on PostgreSQL it keeps a burst of
 * commands from aborting each other (each replica then has one transaction in flight).
 */
export function createSerialLock(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}
