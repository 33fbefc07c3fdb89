import type Database from 'better-sqlite3';
import { batchQuery, USCC_IN_BATCH, withProvenance, type ProvenanceSource, type SqliteDatabase } from '../../shared/database';
import type { Provenance } from '../../shared/types/provenance.type';
import { PUBLIC_TODAY_SQL, todayIso } from '../../shared/types/publicity-status';
import { CreditRecordKind } from '../types/enums';
import type {
  CreditCommitmentRow,
  CreditDishonestyListingRow,
  CreditIncentiveListingRow,
  CreditJudgmentDefaulterRow,
  CreditLicenceRow,
  CreditPenaltyRow,
  CreditRecordRow,
  CreditRepairRow,
  PersonCreditEntryRow,
} from './rows';

/**
 * Everything the credit resolvers may ask of storage. Each method is one SQL statement over all
 * the USCCs of a batch. Methods over records that are public only inside their publicity window
 * take `includeNonPublic`: when false, rows that are not ACTIVE and inside the window today are
 * filtered out by the statement itself and never leave the database.
 */
export interface CreditRepository {
  /** 双公示 licences: always public. */
  licences(usccs: readonly string[]): Promise<CreditLicenceRow[]>;
  penalties(usccs: readonly string[], includeNonPublic: boolean): Promise<CreditPenaltyRow[]>;
  dishonestyListings(usccs: readonly string[], includeNonPublic: boolean): Promise<CreditDishonestyListingRow[]>;
  /** Incentive lists: public. */
  incentiveListings(usccs: readonly string[]): Promise<CreditIncentiveListingRow[]>;
  judgmentDefaulters(usccs: readonly string[], includeNonPublic: boolean): Promise<CreditJudgmentDefaulterRow[]>;
  /** Credit commitments: public. */
  commitments(usccs: readonly string[]): Promise<CreditCommitmentRow[]>;
  /** Credit repairs: the whole type is guarded by a scope, not row by row. */
  repairs(usccs: readonly string[]): Promise<CreditRepairRow[]>;
  /** Listed persons still on their list, by keyed ID hash (the staff black list, judgment defaulters). */
  personEntries(idHashes: readonly string[]): Promise<PersonCreditEntryRow[]>;
}

const SOURCE: ProvenanceSource = {
  sourceAgency: '国家发展和改革委员会 National Development and Reform Commission',
  sourceSystem: '全国信用信息共享平台（信用中国）',
};

/** Newest first: the order of every list and of `creditRecords`. */
const ORDER = 'ORDER BY publicity_start DESC, id';
const COMMON = `id, uscc, publicity_status AS publicityStatus, publicity_start AS publicityStart, publicity_end AS publicityEnd, as_of AS asOf`;

// Columns aliased "a.b" become nested objects (authorities, person refs); JSON columns are parsed.
const LICENCE_COLUMNS = `decision_doc_name AS decisionDocName, decision_doc_no AS decisionDocNo, item_name AS itemName, category,
  licence_no AS licenceNo, content, legal_basis AS legalBasis, authority_name AS "authority.name", authority_uscc AS "authority.uscc",
  decided_on AS decidedOn, valid_from AS validFrom, valid_until AS validUntil,
  data_source_name AS "dataSource.name", data_source_uscc AS "dataSource.uscc"`;
const PENALTY_COLUMNS = `decision_doc_no AS decisionDocNo, violation_type AS violationType, facts, legal_basis AS legalBasis,
  categories, content, fine_cny AS fineCny, confiscation_cny AS confiscationCny, licence_affected AS licenceAffected,
  authority_name AS "authority.name", authority_uscc AS "authority.uscc", decided_on AS decidedOn, valid_until AS validUntil,
  repair_eligible_from AS repairEligibleFrom,
  legal_rep_name AS "legalRepresentative.displayName", legal_rep_id_hash AS "legalRepresentative.idHash",
  data_source_name AS "dataSource.name", data_source_uscc AS "dataSource.uscc"`;
const DISHONESTY_COLUMNS = `decision_doc_no AS decisionDocNo, list_name AS listName, reason, legal_basis AS legalBasis,
  listing_authority_name AS "listingAuthority.name", listing_authority_uscc AS "listingAuthority.uscc",
  listed_on AS listedOn, planned_removal_on AS plannedRemovalOn, removed_on AS removedOn, measures`;
const INCENTIVE_COLUMNS = `list_name AS listName, legal_basis AS legalBasis,
  listing_authority_name AS "listingAuthority.name", listing_authority_uscc AS "listingAuthority.uscc",
  listed_on AS listedOn, valid_until AS validUntil, incentives`;
const JUDGMENT_COLUMNS = `court, case_no AS caseNo, filed_on AS filedOn, enforcement_basis_doc_no AS enforcementBasisDocNo,
  enforcement_basis_issuer AS enforcementBasisIssuer, obligation, obligation_amount_cny AS obligationAmountCny,
  performed_amount_cny AS performedAmountCny, performance_status AS performanceStatus, dishonest_behaviour AS dishonestBehaviour,
  published_on AS publishedOn, legal_rep_name AS "legalRepresentative.displayName", legal_rep_id_hash AS "legalRepresentative.idHash"`;
const COMMITMENT_COLUMNS = `kind, matter, content, accepting_authority_name AS "acceptingAuthority.name",
  accepting_authority_uscc AS "acceptingAuthority.uscc", committed_on AS committedOn, fulfilment, verified_on AS verifiedOn`;
const REPAIR_COLUMNS = `repaired_record_id AS repairedRecordId, repaired_record_kind AS repairedRecordKind, repaired_doc_no AS repairedDocNo,
  applied_on AS appliedOn, decided_on AS decidedOn, repaired_on AS repairedOn,
  authority_name AS "authority.name", authority_uscc AS "authority.uscc", outcome, remarks`;

type RawRow = { asOf: string; provenance: Provenance } & Record<string, unknown>;

/** Turns flat rows into the row shape: nested "a.b" keys, parsed JSON lists, the record kind. */
function shape<T extends CreditRecordRow>(kind: T['recordKind'], jsonColumns: readonly string[]) {
  return (rows: readonly RawRow[]): T[] =>
    rows.map((raw) => {
      const row: Record<string, unknown> = { recordKind: kind, institution: { uscc: raw.uscc } };
      for (const [key, value] of Object.entries(raw)) {
        const dot = key.indexOf('.');
        if (dot < 0) {
          row[key] = jsonColumns.includes(key) ? JSON.parse(value as string) : value;
        } else {
          const outer = key.slice(0, dot);
          const nested = (row[outer] ??= {}) as Record<string, unknown>;
          nested[key.slice(dot + 1)] = value;
        }
      }
      return row as T;
    });
}

export function openCreditRepository(db: SqliteDatabase): CreditRepository {
  const all = (table: string, columns: string): Database.Statement =>
    db.prepare(`SELECT ${COMMON}, ${columns} FROM ${table} WHERE ${USCC_IN_BATCH} ${ORDER}`);
  const publicOnly = (table: string, columns: string): Database.Statement =>
    db.prepare(`SELECT ${COMMON}, ${columns} FROM ${table} WHERE ${USCC_IN_BATCH} AND ${PUBLIC_TODAY_SQL} ${ORDER}`);

  /** A kind that is public as a whole: one statement. */
  function everyRow<T extends CreditRecordRow>(kind: T['recordKind'], table: string, columns: string, json: readonly string[] = []) {
    const query = batchQuery<RawRow>(all(table, columns), SOURCE);
    const toRows = shape<T>(kind, json);
    return async (usccs: readonly string[]): Promise<T[]> => toRows(await query(usccs));
  }

  /** A kind public only inside its window: two prepared statements, one of which runs per call. */
  function windowedRows<T extends CreditRecordRow>(kind: T['recordKind'], table: string, columns: string, json: readonly string[] = []) {
    const everything = all(table, columns);
    const visible = publicOnly(table, columns);
    const toRows = shape<T>(kind, json);
    return async (usccs: readonly string[], includeNonPublic: boolean): Promise<T[]> => {
      const keys = JSON.stringify(usccs);
      const raw = includeNonPublic ? everything.all(keys) : visible.all(keys, { today: todayIso() });
      return toRows(withProvenance<RawRow>(raw as { asOf: string }[], SOURCE));
    };
  }

  const personEntries = db.prepare(
    `SELECT id, id_hash AS idHash, list, listing_authority AS listingAuthority, legal_basis AS legalBasis,
            listed_on AS listedOn, removed_on AS removedOn, as_of AS asOf
     FROM person_credit_entries
     WHERE id_hash IN (SELECT value FROM json_each(?)) AND listed_on <= @today AND (removed_on IS NULL OR removed_on > @today)
     ORDER BY listed_on DESC, id`,
  );

  return {
    licences: everyRow<CreditLicenceRow>(CreditRecordKind.LICENCE, 'licences', LICENCE_COLUMNS),
    penalties: windowedRows<CreditPenaltyRow>(CreditRecordKind.PENALTY, 'penalties', PENALTY_COLUMNS, ['categories']),
    dishonestyListings: windowedRows<CreditDishonestyListingRow>(
      CreditRecordKind.DISHONESTY_LISTING, 'dishonesty_listings', DISHONESTY_COLUMNS, ['measures'],
    ),
    incentiveListings: everyRow<CreditIncentiveListingRow>(
      CreditRecordKind.INCENTIVE_LISTING, 'incentive_listings', INCENTIVE_COLUMNS, ['incentives'],
    ),
    judgmentDefaulters: windowedRows<CreditJudgmentDefaulterRow>(
      CreditRecordKind.JUDGMENT_DEFAULTER, 'judgment_defaulters', JUDGMENT_COLUMNS,
    ),
    commitments: everyRow<CreditCommitmentRow>(CreditRecordKind.COMMITMENT, 'commitments', COMMITMENT_COLUMNS),
    repairs: everyRow<CreditRepairRow>(CreditRecordKind.REPAIR, 'repairs', REPAIR_COLUMNS),
    personEntries: async (idHashes) =>
      personEntries.all(JSON.stringify(idHashes), { today: todayIso() }) as PersonCreditEntryRow[],
  };
}
