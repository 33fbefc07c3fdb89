import { randomBytes, type JsonWebKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../common/config-error';
import { AuditLog } from './audit-log';
import type { AuditLocation } from './audit-location';
import type { AuditRecorder } from './audit-recorder';
import { ensureAuditKeys } from './audit-signer';
import { openWorkerAuditStore } from './worker-audit-store';
import type { GatewayConfig } from '../config';

export const AUDIT_DATABASE_FILE = 'audit.sqlite';
const CLIENT_HASH_KEY_FILE = 'client-hash.key';

export interface AuditTrail {
  readonly log: AuditRecorder;
  /** HMAC key for anonymous callers' addresses: the audit can link requests, not name clients. */
  readonly clientHashKey: string;
  /** Entries recorded but not yet durable, for the gateway_audit_queue_depth gauge. */
  queueDepth?(): number;
  close(): Promise<void>;
}

/**
 * The audit folder's keys: the signing key (unless AUDIT_SIGNING_KEY_FILE names one) and the
 * client-hash key, made on first start. Several gateway workers sharing the folder must find them
 * made (the cluster primary calls this before forking), or each would sign with a key of its own.
 */
export function ensureAuditDir(config: GatewayConfig['audit']): { privateJwk: JsonWebKey; clientHashKey: string } {
  mkdirSync(config.dir, { recursive: true, mode: 0o700 });
  let privateJwk: JsonWebKey;
  if (config.signingKeyFile) {
    try {
      privateJwk = JSON.parse(readFileSync(config.signingKeyFile, 'utf8')) as JsonWebKey;
    } catch (error) {
      throw new ConfigError('AUDIT_SIGNING_KEY_FILE', 'a readable private JWK file', `${config.signingKeyFile} (${(error as Error).message})`);
    }
  } else {
    privateJwk = ensureAuditKeys(config.dir).privateJwk;
  }
  const keyFile = join(config.dir, CLIENT_HASH_KEY_FILE);
  if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  return { privateJwk, clientHashKey: readFileSync(keyFile, 'utf8').trim() };
}

/**
 * Opens the audit log: PostgreSQL at `config.databaseUrl` when set, else SQLite in `config.dir`.
 * The keys live in `config.dir` either way (see ensureAuditDir).
 */
export async function openAuditTrail(config: GatewayConfig['audit']): Promise<AuditTrail> {
  const { privateJwk, clientHashKey } = ensureAuditDir(config);
  const location: AuditLocation = config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'sqlite', file: join(config.dir, AUDIT_DATABASE_FILE) };
  const store = await openWorkerAuditStore({ location, privateJwk });
  // The worker commits batches in the order it receives them, and those that wait while one
  // commits share the next commit; so several may be sent while one commits.
  const log = new AuditLog(store, { maxInFlight: 8 });
  return {
    log,
    clientHashKey,
    queueDepth: () => log.pendingEntries,
    // AuditLog.close writes what is queued, then waits for the store to finish.
    close: () => log.close(),
  };
}
