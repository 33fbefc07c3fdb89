import type { RecordReads, StateRecord } from '../../shared/commands/command-store';
import { openSqliteRecordReads, RECORD_COLUMNS, toRecord, type RecordColumns } from '../../shared/commands/sqlite-command-store';
import { batchQuery, USCC_IN_BATCH, withProvenance, type ProvenanceSource, type SqliteDatabase } from '../../shared/database';
import type {
  BusinessSystemRow,
  ComplaintRow,
  CourseRow,
  FeeRuleRow,
  FilingRow,
  InspectionRow,
  InstitutionPageQuery,
  InstitutionRow,
  NotificationRow,
  TrainerRow,
} from './rows';

/**
 * Everything the education resolvers may ask of storage. Each method is one SQL statement, and
 * every per-institution method takes all the USCCs of a batch at once.
 */
export interface EducationRepository extends RecordReads {
  institutions(usccs: readonly string[]): Promise<InstitutionRow[]>;
  institutionPage(query: InstitutionPageQuery): Promise<InstitutionRow[]>;
  filings(usccs: readonly string[]): Promise<FilingRow[]>;
  businessSystems(usccs: readonly string[]): Promise<BusinessSystemRow[]>;
  courses(usccs: readonly string[]): Promise<CourseRow[]>;
  trainers(usccs: readonly string[]): Promise<TrainerRow[]>;
  feeRules(usccs: readonly string[]): Promise<FeeRuleRow[]>;
  complaints(usccs: readonly string[]): Promise<ComplaintRow[]>;
  inspections(usccs: readonly string[]): Promise<InspectionRow[]>;
  notifications(usccs: readonly string[]): Promise<NotificationRow[]>;
  /** Risk alerts in a region, newest first (machine H records). */
  riskAlertPage(query: RiskAlertPageQuery): Promise<StateRecord[]>;
}

export interface RiskAlertPageQuery {
  /** GB/T 2260 prefix ('' for everywhere). */
  readonly regionPrefix: string;
  readonly level: string | null;
  /** toISOString() form; alerts raised at or after it. */
  readonly since: string | null;
  /** Only alerts in these states; all when null. */
  readonly states: readonly string[] | null;
  readonly after: { readonly createdAt: string; readonly id: string } | null;
  readonly limit: number;
}

const SOURCE: ProvenanceSource = { sourceAgency: '教育部 Ministry of Education', sourceSystem: '全国校外教育培训监管与服务综合平台' };

export function openEducationRepository(db: SqliteDatabase): EducationRepository {
  const riskAlertPage = db.prepare(
    `SELECT ${RECORD_COLUMNS} FROM state_records
     WHERE kind = 'risk-alert' AND (@regionPrefix = '' OR region_code LIKE @regionPrefix || '%')
       AND (@level IS NULL OR json_extract(data, '$.level') = @level)
       AND (@since IS NULL OR created_at >= @since)
       AND (@states IS NULL OR state IN (SELECT value FROM json_each(@states)))
       AND (@afterCreatedAt IS NULL OR created_at < @afterCreatedAt OR (created_at = @afterCreatedAt AND id < @afterId))
     ORDER BY created_at DESC, id DESC LIMIT @limit`,
  );
  const institutions = db.prepare(
    `SELECT uscc, name, region_code AS regionCode, region_name AS regionName, kind, registered_on AS registeredOn, as_of AS asOf
     FROM institutions WHERE ${USCC_IN_BATCH}`,
  );
  const page = db.prepare(
    `SELECT i.uscc, i.name, i.region_code AS regionCode, i.region_name AS regionName, i.kind, i.registered_on AS registeredOn, i.as_of AS asOf
     FROM institutions i LEFT JOIN filings f ON f.uscc = i.uscc
     WHERE (@regionPrefix IS NULL OR i.region_code LIKE @regionPrefix || '%')
       AND (@filingStatus IS NULL OR f.list_status = @filingStatus)
       AND (@nameContains IS NULL OR instr(i.name, @nameContains) > 0)
       AND (@afterUscc IS NULL OR i.uscc > @afterUscc)
     ORDER BY i.uscc LIMIT @limit`,
  );
  const filings = db.prepare(
    `SELECT uscc, filing_no AS filingNo, list_status AS listStatus, permit_no AS permitNo, permit_valid_from AS permitValidFrom,
            permit_valid_to AS permitValidTo, non_profit AS nonProfit, filed_on AS filedOn, as_of AS asOf
     FROM filings WHERE ${USCC_IN_BATCH}`,
  );
  const businessSystems = db.prepare(
    `SELECT id, uscc, kind, name, url, icp_filing_no AS icpFilingNo, telecom_licence_no AS telecomLicenceNo,
            security_level AS securityLevel, security_filing_no AS securityFilingNo, as_of AS asOf
     FROM business_systems WHERE ${USCC_IN_BATCH} ORDER BY id`,
  );
  const courses = db.prepare(
    `SELECT id, uscc, title, subject, grade_band AS gradeBand, price_cny AS priceCny, lessons, review_status AS reviewStatus, as_of AS asOf
     FROM courses WHERE ${USCC_IN_BATCH} ORDER BY id`,
  );
  const trainers = db.prepare(
    `SELECT id, uscc, display_name AS displayName, certificate_no AS certificateNo, subjects, id_hash AS idHash, as_of AS asOf
     FROM trainers WHERE ${USCC_IN_BATCH} ORDER BY id`,
  );
  const feeRules = db.prepare(
    `SELECT uscc, charging_mode AS chargingMode, max_lessons_per_charge AS maxLessonsPerCharge,
            max_months_per_charge AS maxMonthsPerCharge, refund_policy AS refundPolicy, as_of AS asOf
     FROM fee_rules WHERE ${USCC_IN_BATCH}`,
  );
  const complaints = db.prepare(
    `SELECT id, uscc, category, status, received_on AS receivedOn, resolved_on AS resolvedOn, summary, as_of AS asOf
     FROM complaints WHERE ${USCC_IN_BATCH} ORDER BY received_on DESC, id`,
  );
  const inspections = db.prepare(
    `SELECT id, uscc, inspected_on AS inspectedOn, kind, result, findings, as_of AS asOf
     FROM inspections WHERE ${USCC_IN_BATCH} ORDER BY inspected_on DESC, id`,
  );
  const notifications = db.prepare(
    `SELECT id, uscc, kind, document_no AS documentNo, title, issued_on AS issuedOn, as_of AS asOf
     FROM notifications WHERE ${USCC_IN_BATCH} ORDER BY issued_on DESC, id`,
  );

  const trainerBatch = batchQuery<Omit<TrainerRow, 'subjects'> & { subjects: string; provenance: TrainerRow['provenance'] }>(trainers, SOURCE);

  return {
    ...openSqliteRecordReads(db),
    institutions: batchQuery<InstitutionRow>(institutions, SOURCE),
    riskAlertPage: async (q) =>
      (riskAlertPage.all({
        regionPrefix: q.regionPrefix, level: q.level, since: q.since, states: q.states ? JSON.stringify(q.states) : null,
        afterCreatedAt: q.after?.createdAt ?? null, afterId: q.after?.id ?? null, limit: q.limit,
      }) as RecordColumns[]).map(toRecord),
    institutionPage: async (query) => withProvenance<InstitutionRow>(page.all(query) as { asOf: string }[], SOURCE),
    // SQLite has no boolean; graphql-js serializes 0/1 as false/true.
    filings: batchQuery<FilingRow>(filings, SOURCE),
    businessSystems: batchQuery<BusinessSystemRow>(businessSystems, SOURCE),
    courses: batchQuery<CourseRow>(courses, SOURCE),
    trainers: async (usccs) =>
      (await trainerBatch(usccs)).map((row) => ({ ...row, subjects: JSON.parse(row.subjects) as string[] })),
    feeRules: batchQuery<FeeRuleRow>(feeRules, SOURCE),
    complaints: batchQuery<ComplaintRow>(complaints, SOURCE),
    inspections: batchQuery<InspectionRow>(inspections, SOURCE),
    notifications: batchQuery<NotificationRow>(notifications, SOURCE),
  };
}
