import type Database from 'better-sqlite3';
import type { RecordReads } from '../../shared/commands/command-store';
import { openSqliteRecordReads } from '../../shared/commands/sqlite-command-store';
import { batchQuery, USCC_IN_BATCH, withProvenance, type ProvenanceSource, type SqliteDatabase } from '../../shared/database';
import { PUBLIC_TODAY_SQL, todayIso } from '../../shared/types/publicity-status';
import type {
  AbnormalOperationListingRow,
  AnnualReportRow,
  LicenceRow,
  PenaltyRow,
  RegistrationRow,
  SeriousViolationListingRow,
  SpotCheckRow,
} from './rows';

/**
 * Everything the market resolvers may ask of storage. Each method is one SQL statement, and
 * every per-institution method takes all the USCCs of a batch at once. Methods over records with
 * a publicity life take `includeNonPublic`: when false, rows outside their window never leave SQLite.
 */
export interface MarketRepository extends RecordReads {
  registrations(usccs: readonly string[]): Promise<RegistrationRow[]>;
  /** By legacy 15-digit registration number (工商注册号); all the numbers of a batch at once. */
  registrationsByNo(registrationNos: readonly string[]): Promise<RegistrationRow[]>;
  licences(usccs: readonly string[]): Promise<LicenceRow[]>;
  penalties(usccs: readonly string[], includeNonPublic: boolean): Promise<PenaltyRow[]>;
  abnormalOperationListings(usccs: readonly string[], includeNonPublic: boolean): Promise<AbnormalOperationListingRow[]>;
  seriousViolationListings(usccs: readonly string[], includeNonPublic: boolean): Promise<SeriousViolationListingRow[]>;
  spotChecks(usccs: readonly string[]): Promise<SpotCheckRow[]>;
  annualReports(usccs: readonly string[]): Promise<AnnualReportRow[]>;
}

const SOURCE: ProvenanceSource = {
  sourceAgency: '国家市场监督管理总局 State Administration for Market Regulation',
  sourceSystem: '国家企业信用信息公示系统',
};

const REGISTRATION_COLUMNS = `uscc, registration_no AS registrationNo, legal_name AS legalName, entity_type AS entityType,
  legal_rep_name AS legalRepName, legal_rep_id_hash AS legalRepIdHash, registered_capital_cny AS registeredCapitalCny,
  established_on AS establishedOn, status, address, business_scope AS businessScope,
  registration_authority AS registrationAuthority, as_of AS asOf`;

type StoredRegistration = Omit<RegistrationRow, 'legalRepresentative'> & { legalRepName: string; legalRepIdHash: string };

function toRegistration({ legalRepName, legalRepIdHash, ...rest }: StoredRegistration): RegistrationRow {
  return { ...rest, legalRepresentative: { displayName: legalRepName, idHash: legalRepIdHash } };
}

/**
 * One batched statement in two prepared forms: with the "public today" condition and without.
 * Whichever runs, it is one statement for the whole batch.
 */
function publicityBatch<T extends { provenance: RegistrationRow['provenance'] }>(
  db: SqliteDatabase,
  sql: (publicOnly: string) => string,
): (usccs: readonly string[], includeNonPublic: boolean) => Promise<T[]> {
  const all: Database.Statement = db.prepare(sql(''));
  const publicOnly: Database.Statement = db.prepare(sql(`AND ${PUBLIC_TODAY_SQL}`));
  return async (usccs, includeNonPublic) => {
    const keys = JSON.stringify(usccs);
    const rows = includeNonPublic ? all.all(keys) : publicOnly.all(keys, { today: todayIso() });
    return withProvenance<T>(rows as { asOf: string }[], SOURCE);
  };
}

export function openMarketRepository(db: SqliteDatabase): MarketRepository {
  const registrations = db.prepare(`SELECT ${REGISTRATION_COLUMNS} FROM registrations WHERE ${USCC_IN_BATCH}`);
  const registrationsByNo = db.prepare(
    `SELECT ${REGISTRATION_COLUMNS} FROM registrations WHERE registration_no IN (SELECT value FROM json_each(?))`,
  );
  const licences = db.prepare(
    `SELECT id, uscc, licence_name AS licenceName, licence_no AS licenceNo, issuing_authority AS issuingAuthority,
            valid_from AS validFrom, valid_to AS validTo, as_of AS asOf
     FROM licences WHERE ${USCC_IN_BATCH} ORDER BY valid_from DESC, id`,
  );
  const spotChecks = db.prepare(
    `SELECT id, uscc, checked_on AS checkedOn, authority, task_name AS taskName, result, as_of AS asOf
     FROM spot_checks WHERE ${USCC_IN_BATCH} ORDER BY checked_on DESC, id`,
  );
  const annualReports = db.prepare(
    `SELECT uscc || '-AR' || year AS id, uscc, year, submitted_on AS submittedOn, employees, financials_public AS financialsPublic,
            revenue_cny AS revenueCny, total_assets_cny AS totalAssetsCny, net_profit_cny AS netProfitCny,
            tax_paid_cny AS taxPaidCny, as_of AS asOf
     FROM annual_reports WHERE ${USCC_IN_BATCH} ORDER BY year DESC`,
  );

  const registrationBatch = batchQuery<StoredRegistration>(registrations, SOURCE);

  return {
    ...openSqliteRecordReads(db),
    registrations: async (usccs) => (await registrationBatch(usccs)).map(toRegistration),
    registrationsByNo: async (registrationNos) =>
      withProvenance<StoredRegistration>(registrationsByNo.all(JSON.stringify(registrationNos)) as { asOf: string }[], SOURCE)
        .map(toRegistration),
    licences: batchQuery<LicenceRow>(licences, SOURCE),
    penalties: publicityBatch<PenaltyRow>(
      db,
      (publicOnly) =>
        `SELECT id, uscc, decision_doc_no AS decisionDocNo, violation_type AS violationType, facts, legal_basis AS legalBasis,
                penalty_content AS penaltyContent, fine_cny AS fineCny, decided_on AS decidedOn,
                deciding_authority AS decidingAuthority, publicity_status AS publicityStatus,
                publicity_start AS publicityStart, publicity_end AS publicityEnd, tier, as_of AS asOf
         FROM penalties WHERE ${USCC_IN_BATCH} ${publicOnly} ORDER BY decided_on DESC, id`,
    ),
    abnormalOperationListings: publicityBatch<AbnormalOperationListingRow>(
      db,
      (publicOnly) =>
        `SELECT 'ABNORMAL_OPERATION' AS listingKind, id, uscc, reason, listed_on AS listedOn,
                listing_authority AS listingAuthority, removed_on AS removedOn, removal_reason AS removalReason,
                publicity_status AS publicityStatus, publicity_start AS publicityStart, publicity_end AS publicityEnd,
                as_of AS asOf
         FROM abnormal_operation_listings WHERE ${USCC_IN_BATCH} ${publicOnly} ORDER BY listed_on DESC, id`,
    ),
    seriousViolationListings: publicityBatch<SeriousViolationListingRow>(
      db,
      (publicOnly) =>
        `SELECT 'SERIOUS_VIOLATION' AS listingKind, id, uscc, reason, listed_on AS listedOn,
                listing_authority AS listingAuthority, publicity_status AS publicityStatus,
                publicity_start AS publicityStart, publicity_end AS publicityEnd, as_of AS asOf
         FROM serious_violation_listings WHERE ${USCC_IN_BATCH} ${publicOnly} ORDER BY listed_on DESC, id`,
    ),
    spotChecks: batchQuery<SpotCheckRow>(spotChecks, SOURCE),
    annualReports: batchQuery<AnnualReportRow>(annualReports, SOURCE),
  };
}
