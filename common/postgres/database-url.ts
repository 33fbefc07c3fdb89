import { ConfigError } from '../config-error';

/**
 * A PostgreSQL connection URL option (`AUDIT_DATABASE_URL`, and the agency stores' `DATABASE_URL`):
 * unset or empty means "not PostgreSQL" (null); anything else must be a postgres:// or
 * postgresql:// URL naming a host, or the boot stops naming the option. The password never
 * appears in the message.
 */
export function parseDatabaseUrl(option: string, value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(option, "a URL like 'postgresql://user:password@host:5432/database'", redactDatabaseUrl(value));
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(option, "a postgres:// or postgresql:// URL", redactDatabaseUrl(value));
  }
  if (url.hostname === '' && !url.searchParams.has('host')) throw new ConfigError(option, 'a URL naming the server host', redactDatabaseUrl(value));
  return value;
}

/** The URL with its password replaced, for messages and logs. */
export function redactDatabaseUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return value.replace(/:[^:@/]*@/, ':***@');
  }
}
