import { redactDatabaseUrl } from '../../common/postgres/database-url';

/** Where an audit log lives: the embedded SQLite file (the default) or a PostgreSQL database. */
export type AuditLocation = { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string };

/** For messages: the file, or the database URL without its password. */
export function describeAuditLocation(location: AuditLocation): string {
  return location.kind === 'sqlite' ? location.file : redactDatabaseUrl(location.url);
}
