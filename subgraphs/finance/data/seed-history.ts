import { createSeedHistoryWriter } from '../../shared/commands/sqlite-command-store';
import type { SqliteDatabase } from '../../shared/database';
import { addDays, earlierDate } from '../../shared/seed/seed-dates';
import { custodyRegion } from '../commands/writes';

/**
 * Every seeded custody arrangement: opened when the 2021 notice took effect, then its latest
 * snapshot. For the institutions in `promoting`, a month before it another snapshot shows the
 * picture of a pre-collapse promotion (supervision.md §6.4): fewer fees owed and more money in the
 * account than now, i.e. sales up while the balance fell.
 */
export function seedFinanceHistories(db: SqliteDatabase, promoting: ReadonlySet<string> = new Set()): void {
  const write = createSeedHistoryWriter(db);
  const rows = db.prepare(
    `SELECT uscc, balance_cny AS balanceCny, prepaid_fees_outstanding_cny AS prepaidFeesOutstandingCny, balances_as_of AS balancesAsOf
     FROM prepaid_custody ORDER BY uscc`,
  ).all() as { uscc: string; balanceCny: number; prepaidFeesOutstandingCny: number; balancesAsOf: string }[];
  for (const row of rows) {
    const region = custodyRegion(row.uscc);
    const snapshot = { balanceCny: row.balanceCny, prepaidFeesOutstandingCny: row.prepaidFeesOutstandingCny, balancesAsOf: row.balancesAsOf };
    write('CUSTODY', { kind: 'custody', id: row.uscc, uscc: row.uscc, regionCode: region, data: { ...snapshot, settlement: null } },
      { subject: `seed:custody-bank-${region}`, consumer: 'pboc-financial-supervision', agency: `pboc-${region}`, region }, [
        { command: 'OPEN', to: 'ACTIVE', on: earlierDate('2021-11-01', row.balancesAsOf), legalBasis: '教监管函〔2021〕2号' },
        ...(promoting.has(row.uscc)
          ? [{ command: 'RECORD_SNAPSHOT', to: 'ACTIVE', on: addDays(row.balancesAsOf, -30), payload: {
              balanceCny: Math.round(row.balanceCny * 160) / 100, prepaidFeesOutstandingCny: Math.round(row.prepaidFeesOutstandingCny * 70) / 100,
              balancesAsOf: addDays(row.balancesAsOf, -30),
            } }]
          : []),
        { command: 'RECORD_SNAPSHOT', to: 'ACTIVE', on: row.balancesAsOf, payload: snapshot },
      ], 'NONE');
  }
}
