import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../common/project-root';
import type { AuditEntry } from './audit-entry';
import type { AuditStore } from './audit-store';
import type { AuditWorkerData, AuditWorkerReply, AuditWorkerRequest } from './audit-worker';
import { normalizeAuditEntry, toWire, type NormalizedEntry } from './normalize-audit-entry';

/** Compiled code runs the worker beside itself; tests running TypeScript use the build in dist/. */
const WORKER_SCRIPT = __filename.endsWith('.ts') ? join(PROJECT_ROOT, 'dist/gateway/audit/audit-worker.js') : join(__dirname, 'audit-worker.js');

/**
 * An AuditStore whose SQLite or PostgreSQL store lives in a worker thread. Appends keep their
 * contract (one unit, durable when the promise resolves, committed in the order sent); if the
 * worker dies, every pending and later append is refused, so the gateway fails closed. close()
 * resolves once the worker has finished its store (the head anchor re-signed over the last commit).
 */
export function openWorkerAuditStore(data: AuditWorkerData): Promise<AuditStore> {
  const worker = new Worker(WORKER_SCRIPT, { workerData: data });
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let head = { seq: 0, hash: '0'.repeat(64) };
  let nextId = 1;
  let failure: Error | null = null;
  let closing: Promise<void> | null = null;
  let exited = false;
  let closed: () => void = () => undefined;

  const failAll = (error: Error) => {
    failure ??= error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };

  return new Promise((resolve, reject) => {
    worker.on('message', (message: AuditWorkerReply) => {
      switch (message.type) {
        case 'ready':
          head = message.head;
          resolve(store);
          break;
        case 'open-failed':
          reject(Object.assign(new Error(message.message), { code: message.code }));
          break;
        case 'appended':
          head = message.head;
          for (const id of message.ids) {
            pending.get(id)?.resolve();
            pending.delete(id);
          }
          break;
        case 'failed':
          pending.get(message.id)?.reject(new Error(message.message));
          pending.delete(message.id);
          break;
        case 'closed':
          closed();
          break;
      }
    });
    worker.on('error', (error) => {
      reject(error);
      failAll(error);
    });
    worker.on('exit', (code) => {
      exited = true;
      const error = new Error(`audit worker exited (${code})`);
      // Before 'ready' nothing else settles the open, and the gateway would wait for it forever.
      reject(error);
      failAll(error);
      closed();
    });

    const appendNormalized = (items: readonly NormalizedEntry[]): Promise<void> => {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise<void>((done, fail) => {
        pending.set(id, { resolve: done, reject: fail });
        const request: AuditWorkerRequest = { type: 'append', id, entries: items.map(toWire) };
        worker.postMessage(request);
      });
    };
    const store: AuditStore = {
      append(entries: readonly AuditEntry[]): Promise<void> {
        try {
          return appendNormalized(entries.map(normalizeAuditEntry));
        } catch (error) {
          return Promise.reject(error);
        }
      },
      appendNormalized,
      head: () => head,
      close: () => {
        closing ??= new Promise<void>((resolve) => {
          if (exited) return resolve();
          closed = resolve;
          failure ??= new Error('audit store is closed');
          worker.postMessage({ type: 'close' });
        });
        return closing;
      },
    };
  });
}
