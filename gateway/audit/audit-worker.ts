import { parentPort, workerData } from 'node:worker_threads';
import type { JsonWebKey } from 'node:crypto';
import { fromWire, type NormalizedEntry, type WireEntry } from './normalize-audit-entry';
import { describeAuditLocation, type AuditLocation } from './audit-location';
import { createAuditSigner } from './audit-signer';
import type { AuditStore } from './audit-store';
import { openPostgresAuditStore } from './postgres-audit-store';
import { openSqliteAuditStore, type SqliteAuditStore } from './sqlite-audit-store';

/**
 * The audit store's own thread: hashing, signing, SQLite's fsyncs and PostgreSQL's round trips
 * happen here, so the gateway's event loop never waits on them. Messages: { id, entries } in,
 * { id, head } or { id, message } out, and 'closed' once the store has finished; appends that
 * arrive together share one commit.
 */
export interface AuditWorkerData {
  readonly location: AuditLocation;
  readonly privateJwk: JsonWebKey;
  readonly checkpointEvery?: number;
}

/** `entries` are normalized on the sending side (normalize-audit-entry.ts): checked, bodies serialized. */
export type AuditWorkerRequest = { readonly type: 'append'; readonly id: number; readonly entries: readonly WireEntry[] } | { readonly type: 'close' };
export type AuditWorkerReply =
  | { readonly type: 'ready'; readonly head: { seq: number; hash: string } }
  /** Every append of one commit, answered at once. */
  | { readonly type: 'appended'; readonly ids: readonly number[]; readonly head: { seq: number; hash: string } }
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
  // Appends are committed strictly in arrival order. Those that arrived in the same turn of this
  // thread's loop, or while the previous commit was under way, are committed together: one
  // transaction (one fsync, one round trip) for all, each caller answered once its records are
  // durable. Should the combined commit fail, each append is retried alone, so one bad append
  // fails only itself. 'close' is handled after every append sent before it.
  let queued: { id: number; items: NormalizedEntry[] }[] = [];
  let draining = false;
  let closeRequested = false;
  const appendEach = async (items: typeof queued) => {
    for (const { id, items: entries } of items) {
      try {
        await store.appendNormalized(entries);
        reply({ type: 'appended', ids: [id], head: store.head() });
      } catch (error) {
        reply({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  const drain = async () => {
    while (queued.length > 0) {
      const batch = queued;
      queued = [];
      if (batch.length === 1) {
        await appendEach(batch);
      } else {
        let combined = true;
        try {
          await store.appendNormalized(batch.flatMap((item) => item.items));
        } catch {
          combined = false;
        }
        if (combined) {
          reply({ type: 'appended', ids: batch.map((item) => item.id), head: store.head() });
        } else {
          await appendEach(batch);
        }
      }
      scheduleAnchor();
    }
    if (closeRequested) {
      if (anchorTimer) clearTimeout(anchorTimer);
      await store.close();
      reply({ type: 'closed' });
      channel.close();
      return;
    }
    draining = false;
  };
  const startDraining = () => {
    if (draining) return;
    draining = true;
    // setImmediate: every append that arrives in this turn joins the first commit.
    setImmediate(() => void drain());
  };
  channel.on('message', (request: AuditWorkerRequest) => {
    if (closeRequested) return;
    if (request.type === 'close') {
      closeRequested = true;
      startDraining();
      return;
    }
    queued.push({ id: request.id, items: request.entries.map(fromWire) });
    startDraining();
  });
}
