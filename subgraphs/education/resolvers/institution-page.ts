import { checkUscc } from '../../../common/identifiers';
import { badUserInput } from '../../shared/errors';
import { assertPageSize } from '../../shared/list-args';
import type { EducationLoaders } from '../data/loaders';
import type { InstitutionFilter } from '../types/institution-filter.input';
import type { InstitutionConnection } from '../types/institution-connection.type';

export const DEFAULT_PAGE_SIZE = 20;
const CURSOR_PREFIX = 'uscc:';

export function encodeCursor(uscc: string): string {
  return Buffer.from(CURSOR_PREFIX + uscc).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const uscc = text.startsWith(CURSOR_PREFIX) ? text.slice(CURSOR_PREFIX.length) : '';
  if (checkUscc(uscc) !== null) throw badUserInput(`after is not a cursor this API issued: '${cursor}'`, { argument: 'after' });
  return uscc;
}

function regionPrefix(region: string): string {
  if (!/^\d{6}$/.test(region)) {
    throw badUserInput(`filter.region must be a 6-digit GB/T 2260 code, got '${region}'`, { argument: 'filter.region' });
  }
  // 110000 is all of Beijing, 440300 all of Shenzhen: trailing zero pairs widen the match.
  if (region.endsWith('0000')) return region.slice(0, 2);
  if (region.endsWith('00')) return region.slice(0, 4);
  return region;
}

export async function findInstitutionPage(
  loaders: EducationLoaders,
  filter: InstitutionFilter | null,
  first: number,
  after: string | null,
): Promise<InstitutionConnection> {
  assertPageSize(first);
  const nameContains = filter?.nameContains ?? null;
  if (nameContains !== null && [...nameContains.trim()].length < 2) {
    throw badUserInput('filter.nameContains must have at least 2 characters', { argument: 'filter.nameContains' });
  }
  const rows = await loaders.institutionPage({
    regionPrefix: filter?.region ? regionPrefix(filter.region) : null,
    filingStatus: filter?.filingStatus ?? null,
    nameContains: nameContains?.trim() ?? null,
    afterUscc: after ? decodeCursor(after) : null,
    limit: first + 1,
  });
  const page = rows.slice(0, first);
  for (const row of page) loaders.institution.prime(row.uscc, row);
  const last = page.at(-1);
  return {
    edges: page.map((node) => ({ cursor: encodeCursor(node.uscc), node: node as never })),
    pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(last.uscc) : null },
  };
}
