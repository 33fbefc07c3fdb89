import { checkUscc } from '../../../common/identifiers';
import { badUserInput } from '../../shared/errors';
import { assertPageSize } from '../../shared/list-args';
import { toCustodyShortfall, type FinanceLoaders } from '../data/loaders';
import type { CustodyShortfallConnection } from '../types/custody-shortfall-connection.type';

export const DEFAULT_PAGE_SIZE = 20;
const CURSOR_PREFIX = 'shortfall:';

/** The keyset (shortfall, uscc) of the last entry; shortfalls are rounded to the fen, so equality is exact. */
export function encodeCursor(shortfallCny: number, uscc: string): string {
  return Buffer.from(`${CURSOR_PREFIX}${shortfallCny.toFixed(2)}:${uscc}`).toString('base64url');
}

function decodeCursor(cursor: string): { afterShortfallCny: number; afterUscc: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^shortfall:(\d+\.\d{2}):([0-9A-Z]{18})$/.exec(text);
  if (!match || checkUscc(match[2] ?? '') !== null) {
    throw badUserInput(`after is not a cursor this API issued: '${cursor}'`, { argument: 'after' });
  }
  return { afterShortfallCny: Number(match[1]), afterUscc: match[2] ?? '' };
}

export async function findCustodyShortfallPage(
  loaders: FinanceLoaders,
  first: number,
  after: string | null,
): Promise<CustodyShortfallConnection> {
  assertPageSize(first);
  const rows = await loaders.custodyShortfallPage({
    ...(after ? decodeCursor(after) : { afterShortfallCny: null, afterUscc: null }),
    limit: first + 1,
  });
  const page = rows.slice(0, first);
  for (const row of page) loaders.prepaidCustody.prime(row.uscc, row);
  const last = page.at(-1);
  return {
    edges: page.map((row) => ({ cursor: encodeCursor(row.shortfallCny, row.uscc), node: toCustodyShortfall(row) })),
    pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(last.shortfallCny, last.uscc) : null },
  };
}
