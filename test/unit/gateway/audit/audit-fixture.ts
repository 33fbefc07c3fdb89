import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chainHashWithBody } from '../../../../gateway/audit/audit-chain';
import type { AuditEntry } from '../../../../gateway/audit/audit-entry';
import { AUDIT_ROW_COLUMNS, rowContent, type AuditRow } from '../../../../gateway/audit/audit-row';
import { createAuditSigner, ensureAuditKeys, type AuditKeys } from '../../../../gateway/audit/audit-signer';
import { openSqliteAuditStore, type SqliteAuditStore, type SqliteAuditStoreOptions } from '../../../../gateway/audit/sqlite-audit-store';

/** A temporary audit folder with its own key pair; `cleanup` removes it. */
export function auditSandbox(): { dir: string; file: string; keys: AuditKeys; open(options?: SqliteAuditStoreOptions): SqliteAuditStore; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'audit-test-'));
  const keys = ensureAuditKeys(dir);
  const file = join(dir, 'audit.sqlite');
  return {
    dir,
    file,
    keys,
    open: (options) => openSqliteAuditStore(file, createAuditSigner(keys.privateJwk), options),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

let clock = Date.parse('2025-03-01T08:00:00.000Z');

export function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  clock += 1000;
  return {
    type: 'operation',
    time: new Date(clock).toISOString(),
    requestId: `req-${clock}`,
    consumer: 'moe-portal',
    subject: 'inspector-7',
    purpose: 'licensing',
    usccs: ['91110108MA01ABCD1X'],
    outcome: 'SERVED',
    body: { operationName: 'Institution', fieldsServed: ['Institution.name'], durationMs: 3.5 },
    ...overrides,
  };
}

/** Direct write access to the database, as someone tampering with the file would have. */
export function tamper<T>(file: string, change: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return db.transaction(() => change(db))();
  } finally {
    db.close();
  }
}

/** Recomputes prev_hash/hash from `seq` to `until`: the attacker who knows the (public) hash rule. */
export function rehashFrom(db: Database.Database, seq: number, until = Number.MAX_SAFE_INTEGER): void {
  const rows = db.prepare<[number, number], AuditRow>(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit_log l WHERE l.seq >= ? AND l.seq <= ? ORDER BY l.seq`).all(seq, until);
  let prevHash = db.prepare<[number], { hash: string }>('SELECT hash FROM audit_log WHERE seq = ?').get(seq - 1)?.hash ?? '0'.repeat(64);
  const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?');
  for (const row of rows) {
    const hash = chainHashWithBody(prevHash, row.seq, rowContent(row), row.body);
    update.run(prevHash, hash, row.seq);
    prevHash = hash;
  }
}

/** Moves rows (and their usccs) with seq >= from by `delta`, as renumbering after an insert/delete. */
export function shiftSeqs(db: Database.Database, from: number, delta: number): void {
  for (const table of ['audit_log', 'audit_uscc']) {
    db.prepare(`UPDATE ${table} SET seq = -(seq + ?) WHERE seq >= ?`).run(delta, from);
    db.prepare(`UPDATE ${table} SET seq = -seq WHERE seq < 0`).run();
  }
}
