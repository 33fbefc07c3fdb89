import cluster, { type Worker } from 'node:cluster';

const DRAINING = 'gateway:draining';
const REPLACED = 'gateway:replaced';

const isMessage = (message: unknown, type: string) => (message as { type?: unknown } | null)?.type === type;

/**
 * A cluster worker about to drain asks the primary for its replacement and waits until that one
 * listens (or `timeoutMs` passes): the port is shared, and node:cluster closes it when the last
 * listening worker stops listening, so a replica that drained first would leave clients refused
 * until the replacement booted. Outside a cluster there is nothing to wait for.
 */
export function awaitReplacement(timeoutMs: number): Promise<void> {
  if (!cluster.isWorker || !process.send) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      process.off('message', onMessage);
      resolve();
    };
    const onMessage = (message: unknown) => {
      if (isMessage(message, REPLACED)) done();
    };
    const timer = setTimeout(done, timeoutMs);
    process.on('message', onMessage);
    process.send!({ type: DRAINING });
  });
}

/**
 * The primary's side: when a worker says it drains, `replace` starts another; once that one
 * listens, the draining worker is told to go on. `stopping()` true (the whole gateway stops): it
 * goes on at once. Returns whether `worker` was replaced this way, for its exit handler.
 */
export function handReplicasOver(replace: () => Worker, stopping: () => boolean): (worker: Worker) => boolean {
  const replaced = new WeakSet<Worker>();
  cluster.on('message', (worker, message) => {
    if (!isMessage(message, DRAINING)) return;
    const goOn = () => {
      if (worker.isConnected()) worker.send({ type: REPLACED });
    };
    if (stopping()) return goOn();
    replaced.add(worker);
    const replacement = replace();
    replacement.once('listening', goOn);
    // A replacement that dies before listening: the draining worker goes on all the same.
    replacement.once('exit', goOn);
  });
  return (worker) => replaced.has(worker);
}
