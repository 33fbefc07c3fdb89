import { ConfigError } from '../../../common/config-error';
import { parseDatabaseUrl, redactDatabaseUrl } from '../../../common/postgres/database-url';

/** Stands for the agency's name in a database URL that serves all five (`.../edu_{agency}`). */
export const AGENCY_PLACEHOLDER = '{agency}';

/** The agency's own database URL from a URL naming it, or from one for all five with `{agency}` in it. */
export function agencyDatabaseUrl(url: string, agency: string): string {
  return url.replaceAll(AGENCY_PLACEHOLDER, agency);
}

/**
 * A database URL for all five agencies (the seed's, `npm start`'s): PostgreSQL, and with
 * `{agency}` in it, since the five stores have tables of the same names and need a database each.
 */
export function parseAgencyDatabasesUrl(option: string, value: string | undefined): string | null {
  const url = parseDatabaseUrl(option, value === undefined ? undefined : agencyDatabaseUrl(value, 'education'));
  if (!url) return null;
  if (!value!.includes(AGENCY_PLACEHOLDER)) {
    throw new ConfigError(option, `a URL with ${AGENCY_PLACEHOLDER} where each agency's database name goes, e.g. postgresql://user@host:5432/edu_${AGENCY_PLACEHOLDER}`, redactDatabaseUrl(value!));
  }
  return value!;
}
