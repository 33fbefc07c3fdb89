import { parentPort, workerData } from 'node:worker_threads';
import type { JsonWebKey } from 'node:crypto';
import type { AuditEntry } from './audit-entry';
import { createAuditSigner } from './audit-signer';
import { openSqliteAuditStore } from './sqlite-audit-store';

/**
 * The audit store's own thread: hashing, signing and SQLite's fsyncs happen here, so the
 * gateway's event loop never waits on the disk. Messages: { id, entries } in, { id, ok } out.
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

const port = parentPort;
if (port) {
  const data = workerData as AuditWorkerData;
  const reply = (message: AuditWorkerReply) => port.postMessage(message);
  let store: ReturnType<typeof openSqliteAuditStore>;
  try {
    store = openSqliteAuditStore(data.file, createAuditSigner(data.privateJwk), { checkpointEvery: data.checkpointEvery });
  } catch (error) {
    reply({ type: 'open-failed', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
  reply({ type: 'ready', head: store.head() });
  port.on('message', (request: AuditWorkerRequest) => {
    if (request.type === 'close') {
      store.close();
      port.close();
      return;
    }
    try {
      store.append(JSON.parse(request.entries) as AuditEntry[]);
      reply({ type: 'appended', id: request.id, head: store.head() });
    } catch (error) {
      reply({ type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) });
    }
  });
}
