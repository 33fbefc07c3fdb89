import type { SqliteDatabase } from '../../shared/database';

/** The custody table the finance commands keep in step with their records, on the writer connection. */
export interface FinanceProjections {
  custodyBalances(uscc: string): Promise<{ balanceCny: number; prepaidFeesOutstandingCny: number; balancesAsOf: string } | null>;
  setCustodyBalances(row: { uscc: string; balanceCny: number; prepaidFeesOutstandingCny: number; balancesAsOf: string; asOf: string }): Promise<void>;
}

export function openFinanceProjections(db: SqliteDatabase): FinanceProjections {
  const balances = db.prepare(
    'SELECT balance_cny AS balanceCny, prepaid_fees_outstanding_cny AS prepaidFeesOutstandingCny, balances_as_of AS balancesAsOf FROM prepaid_custody WHERE uscc = ?',
  );
  const update = db.prepare(
    `UPDATE prepaid_custody SET balance_cny = @balanceCny, prepaid_fees_outstanding_cny = @prepaidFeesOutstandingCny,
            balances_as_of = @balancesAsOf, as_of = @asOf WHERE uscc = @uscc`,
  );
  return {
    custodyBalances: async (uscc) => (balances.get(uscc) as { balanceCny: number; prepaidFeesOutstandingCny: number; balancesAsOf: string } | undefined) ?? null,
    setCustodyBalances: async (row) => void update.run(row),
  };
}
