import { parentPort, workerData } from 'node:worker_threads';
import type { AuditReader } from './audit-reader';
import { openSqliteAuditReader } from './sqlite-audit-reader';

/** What the access log asks of the SQLite audit log, off the gateway's event loop. */
export type ReaderMethod = 'accessesTo' | 'anonymousReadsByDay';
export interface ReaderCall {
  readonly id: number;
  readonly method: ReaderMethod;
  readonly args: readonly unknown[];
}
export type ReaderReply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly message: string };
export interface ReaderWorkerData {
  readonly file: string;
}

// The SQLite driver reads synchronously: a query over a long log would hold up every request of
// the thread it runs on. Here it holds up only this one, which reads and does nothing else. The
// database is opened on first use and again after a failure (the audit store may not have made it yet).
const port = parentPort!;
const { file } = workerData as ReaderWorkerData;
let reader: AuditReader | null = null;
port.on('message', async (call: ReaderCall) => {
  try {
    reader ??= openSqliteAuditReader(file);
    const value: unknown = await (reader[call.method] as (...args: readonly unknown[]) => Promise<unknown>)(...call.args);
    port.postMessage({ id: call.id, ok: true, value } satisfies ReaderReply);
  } catch (error) {
    port.postMessage({ id: call.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies ReaderReply);
  }
});
