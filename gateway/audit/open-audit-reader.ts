import type { AuditLocation } from './audit-location';
import type { AuditReader } from './audit-reader';
import { openPostgresAuditReader } from './postgres-audit-reader';
import { openSqliteAuditReader } from './sqlite-audit-reader';

export async function openAuditReader(location: AuditLocation): Promise<AuditReader> {
  return location.kind === 'sqlite' ? openSqliteAuditReader(location.file) : openPostgresAuditReader(location.url);
}
