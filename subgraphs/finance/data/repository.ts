import type { RecordReads } from '../../shared/commands/command-store';
import { openSqliteRecordReads } from '../../shared/commands/sqlite-command-store';
import { batchQuery, USCC_IN_BATCH, withProvenance, type ProvenanceSource, type SqliteDatabase } from '../../shared/database';
import { PUBLIC_TODAY_SQL, todayIso } from '../../shared/types/publicity-status';
import { REQUIRED_COVERAGE_RATIO } from '../types/prepaid-custody.type';
import type {
  CreditReferenceIndicatorsRow,
  CustodyShortfallPageQuery,
  FinancialPenaltyRow,
  FinancingEventRow,
  PrepaidCustodyRow,
} from './rows';

/**
 * Everything the finance resolvers may ask of storage. Each method is one SQL statement, and
 * every per-institution method takes all the USCCs of a batch at once.
 */
export interface FinanceRepository extends RecordReads {
  prepaidCustodies(usccs: readonly string[]): Promise<PrepaidCustodyRow[]>;
  /** Institutions whose custody is short, largest shortfall first. */
  custodyShortfallPage(query: CustodyShortfallPageQuery): Promise<PrepaidCustodyRow[]>;
  financingEvents(usccs: readonly string[]): Promise<FinancingEventRow[]>;
  /** With `includeNonPublic` false, only rows ACTIVE and inside their publicity window today. */
  financialPenalties(usccs: readonly string[], includeNonPublic: boolean): Promise<FinancialPenaltyRow[]>;
  creditReferenceIndicators(usccs: readonly string[]): Promise<CreditReferenceIndicatorsRow[]>;
}

/** The finance subgraph speaks for three regulators; each record kind names the one that holds it. */
const CUSTODY_SOURCE: ProvenanceSource = {
  sourceAgency: "中国人民银行 People's Bank of China",
  sourceSystem: '校外培训机构预收费资金监管系统',
};
const FINANCING_SOURCE: ProvenanceSource = {
  sourceAgency: '中国证券监督管理委员会 China Securities Regulatory Commission',
  sourceSystem: '证券发行与私募投资备案信息汇集',
};
const PENALTY_SOURCE: ProvenanceSource = {
  sourceAgency: '金融管理部门 PBoC / NFRA / CSRC',
  sourceSystem: '金融行政处罚“双公示”信息',
};
const CREDIT_REFERENCE_SOURCE: ProvenanceSource = {
  sourceAgency: '中国人民银行征信中心 PBoC Credit Reference Center',
  sourceSystem: '金融信用信息基础数据库（派生指标）',
};

/** The constants of REQUIRED_COVERAGE_RATIO as SQL, so storage and the documented rule cannot drift. */
export const RATIO_SQL = `(CASE mode ${Object.entries(REQUIRED_COVERAGE_RATIO)
  .map(([mode, ratio]) => `WHEN '${mode}' THEN ${Number(ratio)}`)
  .join(' ')} END)`;
/** Also the expression of the `prepaid_custody_shortfall` index, which the shortfall page walks. */
export const SHORTFALL_SQL = `ROUND(MAX(0, prepaid_fees_outstanding_cny * ${RATIO_SQL} - balance_cny), 2)`;
const CUSTODY_COLUMNS = `uscc, mode, custody_bank_name AS custodyBankName, account_no_masked AS accountNoMasked,
  reserve_amount_cny AS reserveAmountCny, balance_cny AS balanceCny, prepaid_fees_outstanding_cny AS prepaidFeesOutstandingCny,
  ${RATIO_SQL} AS requiredRatio, ${SHORTFALL_SQL} AS shortfallCny, ${SHORTFALL_SQL} = 0 AS compliant,
  balances_as_of AS balancesAsOf, as_of AS asOf`;
const PENALTY_COLUMNS = `id, uscc, regulator, deciding_authority AS decidingAuthority, document_no AS documentNo, violation,
  fine_cny AS fineCny, decided_on AS decidedOn, publicity_status AS publicityStatus, publicity_start AS publicityStart,
  publicity_end AS publicityEnd, as_of AS asOf`;

export function openFinanceRepository(db: SqliteDatabase): FinanceRepository {
  const custodies = db.prepare(`SELECT ${CUSTODY_COLUMNS} FROM prepaid_custody WHERE ${USCC_IN_BATCH}`);
  const shortfallPage = db.prepare(
    `SELECT * FROM (SELECT ${CUSTODY_COLUMNS} FROM prepaid_custody)
     WHERE shortfallCny > 0
       AND (@afterShortfallCny IS NULL OR shortfallCny < @afterShortfallCny
            OR (shortfallCny = @afterShortfallCny AND uscc > @afterUscc))
     ORDER BY shortfallCny DESC, uscc LIMIT @limit`,
  );
  const financingEvents = db.prepare(
    `SELECT id, uscc, round, closed_on AS closedOn, amount_cny AS amountCny, investors, recording_body AS recordingBody, as_of AS asOf
     FROM financing_events WHERE ${USCC_IN_BATCH} ORDER BY closed_on DESC, id`,
  );
  const allPenalties = db.prepare(
    `SELECT ${PENALTY_COLUMNS} FROM financial_penalties WHERE ${USCC_IN_BATCH} ORDER BY decided_on DESC, id`,
  );
  const publicPenalties = db.prepare(
    `SELECT ${PENALTY_COLUMNS} FROM financial_penalties WHERE ${USCC_IN_BATCH} AND ${PUBLIC_TODAY_SQL}
     ORDER BY decided_on DESC, id`,
  );
  const creditReference = db.prepare(
    `SELECT uscc, overdue_band <> 'NONE' AS hasOverdueLoans, overdue_band AS overdueBand,
            guarantee_exposure_band AS guaranteeExposureBand, indicators_as_of AS indicatorsAsOf, as_of AS asOf
     FROM credit_reference_indicators WHERE ${USCC_IN_BATCH}`,
  );

  const financingBatch = batchQuery<Omit<FinancingEventRow, 'investors'> & { investors: string }>(financingEvents, FINANCING_SOURCE);

  return {
    ...openSqliteRecordReads(db),
    // SQLite has no boolean; graphql-js serializes 0/1 as false/true.
    prepaidCustodies: batchQuery<PrepaidCustodyRow>(custodies, CUSTODY_SOURCE),
    custodyShortfallPage: async (query) =>
      withProvenance<PrepaidCustodyRow>(shortfallPage.all(query) as { asOf: string }[], CUSTODY_SOURCE),
    financingEvents: async (usccs) =>
      (await financingBatch(usccs)).map((row) => ({ ...row, investors: JSON.parse(row.investors) as string[] })),
    financialPenalties: async (usccs, includeNonPublic) => {
      const keys = JSON.stringify(usccs);
      const rows = includeNonPublic ? allPenalties.all(keys) : publicPenalties.all(keys, { today: todayIso() });
      return withProvenance<FinancialPenaltyRow>(rows as { asOf: string }[], PENALTY_SOURCE);
    },
    creditReferenceIndicators: batchQuery<CreditReferenceIndicatorsRow>(creditReference, CREDIT_REFERENCE_SOURCE),
  };
}
