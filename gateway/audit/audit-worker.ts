import { parentPort, workerData } from 'node:worker_threads';
import type { JsonWebKey } from 'node:crypto';
import type { AuditEntry } from './audit-entry';
import { createAuditSigner } from './audit-signer';
import { openSqliteAuditStore } from './sqlite-audit-store';

/**
 * The audit store's own thread: hashing, signing and SQLite's fsyncs happen here, so the
 * gateway's event loop never waits on the disk. Messages: { id, entries } in, { id, ok } out; appends
 * that arrive together share one commit.
 */
export interface AuditWorkerData {
  readonly file: string;
  readonly privateJwk: JsonWebKey;
  readonly checkpointEvery?: number;
}

/** `entries` is the JSON text of the AuditEntry array. */
export type AuditWorkerRequest = { readonly type: 'append'; readonly id: number; readonly entries: string } | { readonly type: 'close' };
export type AuditWorkerReply =
  | { readonly type: 'ready'; readonly head: { seq: number; hash: string } }
  | { readonly type: 'appended'; readonly id: number; readonly head: { seq: number; hash: string } }
  | { readonly type: 'failed'; readonly id: number; readonly message: string }
  | { readonly type: 'open-failed'; readonly message: string };

/** How stale the head anchor may get; records newer than it are not covered against truncation. */
const ANCHOR_EVERY_MS = 100;

const port = parentPort;
if (port) {
  const data = workerData as AuditWorkerData;
  const reply = (message: AuditWorkerReply) => port.postMessage(message);
  let store: ReturnType<typeof openSqliteAuditStore>;
  try {
    store = openSqliteAuditStore(data.file, createAuditSigner(data.privateJwk), { checkpointEvery: data.checkpointEvery, anchorEveryMs: ANCHOR_EVERY_MS });
  } catch (error) {
    reply({ type: 'open-failed', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
  reply({ type: 'ready', head: store.head() });
  // The anchor is re-signed at most every ANCHOR_EVERY_MS, and once more when appends pause, after
  // the callers have their answer: a signature and an fsync less on every request's path.
  let anchorTimer: NodeJS.Timeout | null = null;
  const scheduleAnchor = () => {
    anchorTimer ??= setTimeout(() => {
      anchorTimer = null;
      store.writeAnchor();
    }, ANCHOR_EVERY_MS);
  };
  // Appends that arrived in the same turn of this thread's loop are committed together: one
  // transaction and one fsync for all, each caller answered once its records are durable. Should
  // the combined commit fail, each append is retried alone, so one bad append fails only itself.
  let queued: { id: number; entries: AuditEntry[] }[] = [];
  const commit = () => {
    const batch = queued;
    queued = [];
    const appendEach = (items: typeof batch) => {
      for (const { id, entries } of items) {
        try {
          store.append(entries);
          reply({ type: 'appended', id, head: store.head() });
        } catch (error) {
          reply({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
        }
      }
    };
    if (batch.length === 1) {
      appendEach(batch);
    } else {
      try {
        store.append(batch.flatMap((item) => item.entries));
      } catch {
        appendEach(batch);
        scheduleAnchor();
        return;
      }
      const head = store.head();
      for (const { id } of batch) reply({ type: 'appended', id, head });
    }
    scheduleAnchor();
  };
  port.on('message', (request: AuditWorkerRequest) => {
    if (request.type === 'close') {
      if (queued.length > 0) commit();
      if (anchorTimer) clearTimeout(anchorTimer);
      store.close();
      port.close();
      return;
    }
    let entries: AuditEntry[];
    try {
      entries = JSON.parse(request.entries) as AuditEntry[];
    } catch (error) {
      reply({ type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (queued.length === 0) setImmediate(commit);
    queued.push({ id: request.id, entries });
  });
}
