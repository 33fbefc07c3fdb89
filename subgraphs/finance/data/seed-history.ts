import { createSeedHistoryWriter } from '../../shared/commands/sqlite-command-store';
import type { SqliteDatabase } from '../../shared/database';
import { earlierDate } from '../../shared/seed/seed-dates';
import { custodyRegion } from '../commands/writes';

/** Every seeded custody arrangement: opened when the 2021 notice took effect, then its latest snapshot. */
export function seedFinanceHistories(db: SqliteDatabase): void {
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
        { command: 'RECORD_SNAPSHOT', to: 'ACTIVE', on: row.balancesAsOf, payload: snapshot },
      ], 'NONE');
  }
}
