import { parentPort, workerData } from 'node:worker_threads';
import type { JsonWebKey } from 'node:crypto';
import type { AuditEntry } from './audit-entry';
import { describeAuditLocation, type AuditLocation } from './audit-location';
import { createAuditSigner } from './audit-signer';
import type { AuditStore } from './audit-store';
import { openPostgresAuditStore } from './postgres-audit-store';
import { openSqliteAuditStore, type SqliteAuditStore } from './sqlite-audit-store';

/**
 * The audit store's own thread: hashing, signing, SQLite's fsyncs and PostgreSQL's round trips
 * happen here, so the gateway's event loop never waits on them. Messages: { id, entries } in,
 * { id, head } or { id, message } out, and 'closed' once the store has finished.
 */
export interface AuditWorkerData {
  readonly location: AuditLocation;
  readonly privateJwk: JsonWebKey;
  readonly checkpointEvery?: number;
}

/** `entries` is the JSON text of the AuditEntry array. */
export type AuditWorkerRequest = { readonly type: 'append'; readonly id: number; readonly entries: string } | { readonly type: 'close' };
export type AuditWorkerReply =
  | { readonly type: 'ready'; readonly head: { seq: number; hash: string } }
  | { readonly type: 'appended'; readonly id: number; readonly head: { seq: number; hash: string } }
  | { readonly type: 'failed'; readonly id: number; readonly message: string }
  | { readonly type: 'open-failed'; readonly message: string; readonly code: string }
  | { readonly type: 'closed' };

/** How stale the SQLite head anchor may get; records newer than it are not covered against truncation. */
const ANCHOR_EVERY_MS = 100;

const port = parentPort;
if (port) void run(port, workerData as AuditWorkerData);

async function run(channel: NonNullable<typeof parentPort>, data: AuditWorkerData): Promise<void> {
  const reply = (message: AuditWorkerReply) => channel.postMessage(message);
  const signer = createAuditSigner(data.privateJwk);
  let store: AuditStore;
  let sqlite: SqliteAuditStore | null = null;
  try {
    if (data.location.kind === 'sqlite') {
      store = sqlite = openSqliteAuditStore(data.location.file, signer, { checkpointEvery: data.checkpointEvery, anchorEveryMs: ANCHOR_EVERY_MS });
    } else {
      store = await openPostgresAuditStore(data.location.url, signer, { checkpointEvery: data.checkpointEvery });
    }
  } catch (error) {
    // The code travels with the message (a tampered log stays ERR_AUDIT_LOG_TAMPERED), so the
    // operator reads one line, not a stack.
    const code = (error as { code?: unknown } | null)?.code;
    const message = error instanceof Error ? error.message : String(error);
    reply({
      type: 'open-failed',
      code: typeof code === 'string' && code.startsWith('ERR_') ? code : 'ERR_AUDIT_UNAVAILABLE',
      message: typeof code === 'string' && code.startsWith('ERR_') ? message : `the audit log at ${describeAuditLocation(data.location)} cannot be opened: ${message}`,
    });
    process.exit(1);
  }
  reply({ type: 'ready', head: store.head() });
  // The SQLite anchor is re-signed at most every ANCHOR_EVERY_MS, and once more when appends pause,
  // after the callers have their answer: a signature and an fsync less on every request's path.
  // (The PostgreSQL anchor is part of every commit.)
  let anchorTimer: NodeJS.Timeout | null = null;
  const scheduleAnchor = () => {
    if (!sqlite) return;
    const target = sqlite;
    anchorTimer ??= setTimeout(() => {
      anchorTimer = null;
      target.writeAnchor();
    }, ANCHOR_EVERY_MS);
  };
  // Requests are handled strictly in arrival order, each after the previous has finished: an
  // append chains after the one before it, and 'close' comes after every append sent before it.
  let previous: Promise<void> = Promise.resolve();
  channel.on('message', (request: AuditWorkerRequest) => {
    previous = previous.then(async () => {
      if (request.type === 'close') {
        if (anchorTimer) clearTimeout(anchorTimer);
        await store.close();
        reply({ type: 'closed' });
        channel.close();
        return;
      }
      try {
        await store.append(JSON.parse(request.entries) as AuditEntry[]);
        reply({ type: 'appended', id: request.id, head: store.head() });
        scheduleAnchor();
      } catch (error) {
        reply({ type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) });
      }
    });
  });
}
