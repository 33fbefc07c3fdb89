import { commandTablesMigration } from '../../shared/commands/sqlite-command-store';
import type { Migration } from '../../shared/database';
import { SHORTFALL_SQL } from './repository';

/**
 * The finance subgraph holds no institution registry of its own: every table is keyed by USCC,
 * and an institution without rows here is still an institution (its records are null or empty).
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'prepaid-fee custody, financing events, financial-regulator penalties, credit-reference indicators',
    sql: `
      -- One supervision arrangement per institution. The account number is stored masked only:
      -- the CHECK refuses anything but "dddd **** **** dddd", so a full number cannot be written.
      CREATE TABLE prepaid_custody (
        uscc TEXT PRIMARY KEY,
        mode TEXT NOT NULL CHECK (mode IN ('BANK_CUSTODY', 'RISK_RESERVE')),
        custody_bank_name TEXT NOT NULL,
        account_no_masked TEXT NOT NULL
          CHECK (account_no_masked GLOB '[0-9][0-9][0-9][0-9] [*][*][*][*] [*][*][*][*] [0-9][0-9][0-9][0-9]'),
        reserve_amount_cny REAL CHECK (reserve_amount_cny IS NULL OR reserve_amount_cny >= 0),
        balance_cny REAL NOT NULL CHECK (balance_cny >= 0),
        prepaid_fees_outstanding_cny REAL NOT NULL CHECK (prepaid_fees_outstanding_cny >= 0),
        balances_as_of TEXT NOT NULL,
        as_of TEXT NOT NULL
      );
      -- Lets custodyShortfalls read the largest shortfalls first without a scan. SQLite uses it only
      -- while the query's expression matches, so a change to REQUIRED_COVERAGE_RATIO needs a new
      -- migration re-creating it (until then pages stay correct, just slower).
      CREATE INDEX prepaid_custody_shortfall ON prepaid_custody (${SHORTFALL_SQL} DESC, uscc);
      CREATE TABLE financing_events (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        round TEXT NOT NULL,
        closed_on TEXT NOT NULL,
        amount_cny REAL NOT NULL,
        investors TEXT NOT NULL,
        recording_body TEXT,
        as_of TEXT NOT NULL
      );
      CREATE INDEX financing_events_uscc ON financing_events (uscc, closed_on);
      CREATE TABLE financial_penalties (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        regulator TEXT NOT NULL CHECK (regulator IN ('PBOC', 'NFRA', 'CSRC')),
        deciding_authority TEXT NOT NULL,
        document_no TEXT NOT NULL UNIQUE,
        violation TEXT NOT NULL,
        fine_cny REAL NOT NULL,
        decided_on TEXT NOT NULL,
        publicity_status TEXT NOT NULL CHECK (publicity_status IN ('ACTIVE', 'EXPIRED', 'WITHDRAWN_AFTER_REPAIR', 'REVOKED')),
        publicity_start TEXT NOT NULL,
        publicity_end TEXT,
        as_of TEXT NOT NULL
      );
      CREATE INDEX financial_penalties_uscc ON financial_penalties (uscc, decided_on);
      -- Flags derived from the PBoC credit reference database; the report itself is never stored.
      CREATE TABLE credit_reference_indicators (
        uscc TEXT PRIMARY KEY,
        overdue_band TEXT NOT NULL CHECK (overdue_band IN ('NONE', 'LT_30_DAYS', 'FROM_30_TO_90_DAYS', 'GT_90_DAYS')),
        guarantee_exposure_band TEXT NOT NULL
          CHECK (guarantee_exposure_band IN ('NONE', 'LT_1M_CNY', 'FROM_1M_TO_10M_CNY', 'GT_10M_CNY')),
        indicators_as_of TEXT NOT NULL,
        as_of TEXT NOT NULL
      );
    `,
  },
  commandTablesMigration(2),
];
