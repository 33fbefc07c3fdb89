import type { SqliteDatabase } from '../../shared/database';

/** The custody table the finance commands keep in step with their records, on the writer connection. */
export interface FinanceProjections {
  custodyBalances(uscc: string): Promise<{ balanceCny: number; prepaidFeesOutstandingCny: number; balancesAsOf: string } | null>;
  setCustodyBalances(row: { uscc: string; balanceCny: number; prepaidFeesOutstandingCny: number; balancesAsOf: string; asOf: string }): Promise<void>;
  /** A new arrangement, nothing in the account yet; the number arrives masked. */
  insertCustody(row: { uscc: string; mode: string; custodyBankName: string; accountNoMasked: string; reserveAmountCny: number | null; balancesAsOf: string; asOf: string }): Promise<void>;
}

export function openFinanceProjections(db: SqliteDatabase): FinanceProjections {
  const balances = db.prepare(
    'SELECT balance_cny AS balanceCny, prepaid_fees_outstanding_cny AS prepaidFeesOutstandingCny, balances_as_of AS balancesAsOf FROM prepaid_custody WHERE uscc = ?',
  );
  const update = db.prepare(
    `UPDATE prepaid_custody SET balance_cny = @balanceCny, prepaid_fees_outstanding_cny = @prepaidFeesOutstandingCny,
            balances_as_of = @balancesAsOf, as_of = @asOf WHERE uscc = @uscc`,
  );
  const insert = db.prepare(
    `INSERT INTO prepaid_custody (uscc, mode, custody_bank_name, account_no_masked, reserve_amount_cny, balance_cny, prepaid_fees_outstanding_cny, balances_as_of, as_of)
     VALUES (@uscc, @mode, @custodyBankName, @accountNoMasked, @reserveAmountCny, 0, 0, @balancesAsOf, @asOf)`,
  );
  return {
    insertCustody: async (row) => void insert.run(row),
    custodyBalances: async (uscc) => (balances.get(uscc) as { balanceCny: number; prepaidFeesOutstandingCny: number; balancesAsOf: string } | undefined) ?? null,
    setCustodyBalances: async (row) => void update.run(row),
  };
}
