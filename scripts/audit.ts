import { existsSync, readFileSync } from 'node:fs';
import type { JsonWebKey } from 'node:crypto';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, parsePositiveInt, runMain } from '../common/config-error';
import { parseDatabaseUrl } from '../common/postgres/database-url';
import type { AuditLocation } from '../gateway/audit/audit-location';
import { PUBLIC_KEY_FILE } from '../gateway/audit/audit-signer';
import { queryAuditLog } from '../gateway/audit/query-audit';
import { verifyAuditLog } from '../gateway/audit/verify-audit';

/**
 * `npm run audit -- verify [--file F | --database-url U] [--key public.jwk.json]`: recompute the
 * hash chain, exit 0 when intact, 1 naming the first bad record otherwise.
 * `npm run audit -- query --uscc X | --consumer Y | --since T [--file F | --database-url U] [--limit N]`:
 * who saw what, when and why, one JSON object per line, newest first. Bad arguments exit 2.
 * The log is the PostgreSQL one when --database-url (or AUDIT_DATABASE_URL) is given, else the
 * SQLite file (--file, default $AUDIT_DIR/audit.sqlite).
 */
const USAGE = "'verify [--file F | --database-url U] [--key public.jwk.json]' or 'query --uscc X | --consumer Y | --since T [--file F | --database-url U] [--limit N]'";

runMain(async () => {
  let values: Record<string, string | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        file: { type: 'string' },
        'database-url': { type: 'string' },
        key: { type: 'string' },
        uscc: { type: 'string' },
        consumer: { type: 'string' },
        since: { type: 'string' },
        limit: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new ConfigError('arguments', USAGE, (error as Error).message);
  }
  const [command, ...extra] = positionals;
  if ((command !== 'verify' && command !== 'query') || extra.length > 0) throw new ConfigError('arguments', USAGE, positionals.join(' '));
  const auditDir = process.env.AUDIT_DIR || 'data/audit';
  if (values.file !== undefined && values['database-url'] !== undefined) throw new ConfigError('--file', 'not given together with --database-url', values.file);
  const databaseUrl = values.file === undefined
    ? parseDatabaseUrl(values['database-url'] !== undefined ? '--database-url' : 'AUDIT_DATABASE_URL', values['database-url'] ?? process.env.AUDIT_DATABASE_URL)
    : null;
  let location: AuditLocation;
  let defaultKeyDir: string;
  if (databaseUrl) {
    location = { kind: 'postgres', url: databaseUrl };
    defaultKeyDir = auditDir;
  } else {
    const file = values.file ?? join(auditDir, 'audit.sqlite');
    if (!existsSync(file)) throw new ConfigError('--file', 'an existing audit database (or AUDIT_DIR holding audit.sqlite)', file);
    location = { kind: 'sqlite', file };
    defaultKeyDir = dirname(file);
  }

  if (command === 'verify') {
    for (const option of ['uscc', 'consumer', 'since', 'limit']) {
      if (values[option] !== undefined) throw new ConfigError(`--${option}`, 'used only with query', values[option]);
    }
    // The public key sits beside the database it signs (in AUDIT_DIR for PostgreSQL), unless the operator keeps it elsewhere.
    const keyFile = values.key ?? join(defaultKeyDir, PUBLIC_KEY_FILE);
    let key: JsonWebKey | readonly JsonWebKey[];
    try {
      const parsed = JSON.parse(readFileSync(keyFile, 'utf8')) as JsonWebKey & { keys?: JsonWebKey[] };
      key = Array.isArray(parsed.keys) ? parsed.keys : parsed; // a JWK or a JWKS
    } catch (error) {
      throw new ConfigError('--key', 'a readable public JWK (or JWKS) file', `${keyFile} (${(error as Error).message})`);
    }
    const result = await verifyAuditLog(location, key);
    if (result.ok) {
      process.stdout.write(`audit log OK: ${result.records} records, ${result.checkpoints} checkpoints\n`);
      if (result.unanchored > 0) process.stderr.write(`note: the last ${result.unanchored} record(s) were committed after the last head anchor (a crash before it was rewritten)\n`);
    } else {
      process.stdout.write(`audit log BROKEN at record #${result.firstBadSeq}: ${result.problem}\n`);
      process.exitCode = 1;
    }
    return;
  }

  if (values.key !== undefined) throw new ConfigError('--key', 'used only with verify', values.key);
  if (values.uscc === undefined && values.consumer === undefined && values.since === undefined) {
    throw new ConfigError('query', 'given at least one of --uscc X, --consumer Y, --since T', null);
  }
  if (values.since !== undefined && Number.isNaN(Date.parse(values.since))) throw new ConfigError('--since', 'a date or ISO time', values.since);
  const limit = parsePositiveInt('--limit', values.limit, 100, 100_000);
  const records = await queryAuditLog(
    location,
    {
      ...(values.uscc !== undefined ? { uscc: values.uscc } : {}),
      ...(values.consumer !== undefined ? { consumer: values.consumer } : {}),
      ...(values.since !== undefined ? { since: values.since } : {}),
    },
    limit,
  );
  for (const record of records) process.stdout.write(`${JSON.stringify(record)}\n`);
});
