import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PROJECT_ROOT } from '../../common/project-root';
import type { AuditReader } from './audit-reader';
import type { ReaderCall, ReaderMethod, ReaderReply, ReaderWorkerData } from './audit-reader-worker';

/** Compiled code runs the worker beside itself; tests running TypeScript use the build in dist/. */
const WORKER_SCRIPT = __filename.endsWith('.ts') ? join(PROJECT_ROOT, 'dist/gateway/audit/audit-reader-worker.js') : join(__dirname, 'audit-reader-worker.js');

export type AccessQueries = Pick<AuditReader, ReaderMethod | 'close'>;

/**
 * The access log's queries on a SQLite audit log, run by a thread of their own: the gateway's event
 * loop waits for none of them, however much of the log one reads. The thread starts with the first
 * query and again after it died (every query it had is refused).
 */
export function openWorkerAuditReader(file: string): AccessQueries {
  let worker: Worker | null = null;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;

  const start = (): Worker => {
    const started = new Worker(WORKER_SCRIPT, { workerData: { file } satisfies ReaderWorkerData });
    // An idle reader thread does not keep the process alive.
    started.unref();
    started.on('message', (reply: ReaderReply) => {
      const call = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.ok) call?.resolve(reply.value);
      else call?.reject(new Error(reply.message));
    });
    const fail = (error: Error) => {
      if (worker === started) worker = null;
      for (const call of pending.values()) call.reject(error);
      pending.clear();
    };
    started.on('error', fail);
    started.on('exit', (code) => fail(new Error(`audit reader thread exited (${code})`)));
    return started;
  };

  const call = <T>(method: ReaderMethod, args: readonly unknown[]): Promise<T> => {
    worker ??= start();
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker!.ref();
      worker!.postMessage({ id, method, args } satisfies ReaderCall);
    }).finally(() => {
      if (pending.size === 0) worker?.unref();
    });
  };

  return {
    accessesTo: (uscc, beforeSeq, limit) => call('accessesTo', [uscc, beforeSeq, limit]),
    anonymousReadsByDay: (uscc, sinceDay) => call('anonymousReadsByDay', [uscc, sinceDay]),
    async close() {
      const running = worker;
      worker = null;
      await running?.terminate();
    },
  };
}
