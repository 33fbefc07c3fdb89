import { batchQuery, usccInBatch, withProvenance, type AgencyDatabase, type ProvenanceSource, type SqlFragments } from '../../shared/database';
import { PUBLIC_TODAY_SQL, todayIso } from '../../shared/types/publicity-status';
import type {
  IpCreditRecordRow,
  IpEnforcementDecisionRow,
  IpPledgeRow,
  IpRightKindValue,
  IpRightRow,
  PatentRow,
  SoftwareCopyrightRow,
  TrademarkRow,
} from './rows';

/**
 * Everything the IP resolvers may ask of storage. Each method is one SQL statement, and every
 * per-institution method takes all the USCCs of a batch at once. Publicity-bound methods take
 * `includeNonPublic`; when false the statement itself drops rows that are not public today.
 */
export interface IpRepository {
  patents(usccs: readonly string[]): Promise<PatentRow[]>;
  trademarks(usccs: readonly string[]): Promise<TrademarkRow[]>;
  softwareCopyrights(usccs: readonly string[]): Promise<SoftwareCopyrightRow[]>;
  /** Patents, trademarks and software copyrights together, newest first (one UNION ALL statement). */
  ipRights(usccs: readonly string[]): Promise<IpRightRow[]>;
  ipPledges(usccs: readonly string[]): Promise<IpPledgeRow[]>;
  ipCreditRecords(usccs: readonly string[], includeNonPublic: boolean): Promise<IpCreditRecordRow[]>;
  ipEnforcementDecisions(usccs: readonly string[], includeNonPublic: boolean): Promise<IpEnforcementDecisionRow[]>;
  patentsByApplicationNo(applicationNos: readonly string[]): Promise<PatentRow[]>;
  trademarksByRegistrationNo(registrationNos: readonly string[]): Promise<TrademarkRow[]>;
  softwareCopyrightsByRegistrationNo(registrationNos: readonly string[]): Promise<SoftwareCopyrightRow[]>;
}

/** The IP subgraph's own source; the registers behind it differ per record kind. */
export const SOURCE: ProvenanceSource = {
  sourceAgency: '国家知识产权局 China National Intellectual Property Administration (CNIPA)',
  sourceSystem: '知识产权数据共享平台',
};
const SOURCES: Readonly<Record<IpRightKindValue | 'PLEDGE' | 'CREDIT' | 'ENFORCEMENT', ProvenanceSource>> = {
  PATENT: { ...SOURCE, sourceSystem: '中国专利审查信息查询系统 / 专利公布公告' },
  TRADEMARK: { ...SOURCE, sourceSystem: '中国商标网 商标注册簿' },
  SOFTWARE_COPYRIGHT: {
    sourceAgency: '中国版权保护中心 Copyright Protection Center of China (NCAC)',
    sourceSystem: '计算机软件著作权登记公告',
  },
  PLEDGE: { ...SOURCE, sourceSystem: '专利权质押登记簿 / 注册商标专用权质押登记簿' },
  CREDIT: { ...SOURCE, sourceSystem: '知识产权信用信息 失信行为认定公示' },
  ENFORCEMENT: { ...SOURCE, sourceSystem: '知识产权行政执法信息公示 (双公示)' },
};

/** [result name, SQL expression]; one list feeds both the plain SELECT and the UNION's JSON object. */
type Columns = readonly (readonly [string, string])[];

const patentColumns = (sql: SqlFragments): Columns => [
  ['id', 'application_no'],
  ['uscc', 'uscc'],
  ['rightKind', "'PATENT'"],
  ['title', 'title'],
  ['rightStatus', "CASE legal_status WHEN 'PENDING' THEN 'PENDING' WHEN 'GRANTED' THEN 'IN_FORCE' ELSE 'ENDED' END"],
  ['applicationNo', 'application_no'],
  ['type', 'patent_type'],
  ['classification', 'classification'],
  ['inventors', sql.json('inventors')],
  ['filedOn', 'filed_on'],
  ['publishedOn', 'published_on'],
  ['grantedOn', 'granted_on'],
  ['termEndsOn', 'term_ends_on'],
  ['legalStatus', 'legal_status'],
];
const trademarkColumns = (sql: SqlFragments): Columns => [
  ['id', 'registration_no'],
  ['uscc', 'uscc'],
  ['rightKind', "'TRADEMARK'"],
  ['title', 'mark_text'],
  ['rightStatus', "CASE status WHEN 'PENDING' THEN 'PENDING' WHEN 'REGISTERED' THEN 'IN_FORCE' ELSE 'ENDED' END"],
  ['registrationNo', 'registration_no'],
  ['niceClass', 'nice_class'],
  ['markText', 'mark_text'],
  ['goods', sql.json('goods')],
  ['appliedOn', 'applied_on'],
  ['status', 'status'],
  ['validFrom', 'valid_from'],
  ['validTo', 'valid_to'],
];
const SOFTWARE_COLUMNS: Columns = [
  ['id', 'registration_no'],
  ['uscc', 'uscc'],
  ['rightKind', "'SOFTWARE_COPYRIGHT'"],
  ['title', "software_name || ' ' || version"],
  ['rightStatus', "CASE status WHEN 'REGISTERED' THEN 'IN_FORCE' ELSE 'ENDED' END"],
  ['registrationNo', 'registration_no'],
  ['softwareName', 'software_name'],
  ['shortName', 'short_name'],
  ['version', 'version'],
  ['completedOn', 'completed_on'],
  ['firstPublishedOn', 'first_published_on'],
  ['registeredOn', 'registered_on'],
  ['registrationStatus', 'status'],
];

function selectList(columns: Columns): string {
  return [...columns.map(([name, expression]) => `${expression} AS "${name}"`), 'as_of AS "asOf"'].join(', ');
}

/** JSON list columns arrive as text (SQLite) or parsed (PostgreSQL's json) from a plain SELECT, and parsed from the UNION's payload. */
function jsonList<T>(value: unknown): T[] {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T[];
}

function parsePatent<T extends { inventors: unknown }>(row: T): T & { inventors: PatentRow['inventors'] } {
  return { ...row, inventors: jsonList(row.inventors) };
}
function parseTrademark<T extends { goods: unknown }>(row: T): T & { goods: string[] } {
  return { ...row, goods: jsonList(row.goods) };
}

export function openIpRepository(db: AgencyDatabase): IpRepository {
  const { sql } = db;
  const inBatch = usccInBatch(db);
  const PATENT_COLUMNS = patentColumns(sql);
  const TRADEMARK_COLUMNS = trademarkColumns(sql);
  type Raw = { asOf: string } & Record<string, unknown>;
  const patents = db.prepare<Raw>(
    `SELECT ${selectList(PATENT_COLUMNS)} FROM patents WHERE ${inBatch} ORDER BY filed_on DESC, application_no`,
  );
  const trademarks = db.prepare<Raw>(
    `SELECT ${selectList(TRADEMARK_COLUMNS)} FROM trademarks WHERE ${inBatch} ORDER BY applied_on DESC, registration_no`,
  );
  const softwareCopyrights = db.prepare<Raw>(
    `SELECT ${selectList(SOFTWARE_COLUMNS)} FROM software_copyrights WHERE ${inBatch} ORDER BY registered_on DESC, registration_no`,
  );
  // One statement, three branches over the same batch parameter.
  const ipRights = db.prepare<{ rightKind: IpRightKindValue; asOf: string; payload: string }>(
    `SELECT uscc, 'PATENT' AS "rightKind", application_no AS id, filed_on AS "sortOn", as_of AS "asOf", ${sql.jsonObject(PATENT_COLUMNS)} AS payload
       FROM patents WHERE ${inBatch}
     UNION ALL
     SELECT uscc, 'TRADEMARK', registration_no, applied_on, as_of, ${sql.jsonObject(TRADEMARK_COLUMNS)}
       FROM trademarks WHERE ${inBatch}
     UNION ALL
     SELECT uscc, 'SOFTWARE_COPYRIGHT', registration_no, registered_on, as_of, ${sql.jsonObject(SOFTWARE_COLUMNS)}
       FROM software_copyrights WHERE ${inBatch}
     ORDER BY "sortOn" DESC, id`,
  );
  const ipPledges = db.prepare<Raw>(
    `SELECT id, uscc, right_kind AS "rightKind", right_no AS "rightNo", right_title AS "rightTitle", pledgee, amount_cny AS "amountCny",
            registered_on AS "registeredOn", ended_on AS "endedOn", status, as_of AS "asOf"
     FROM ip_pledges WHERE ${inBatch} ORDER BY registered_on DESC, id`,
  );
  const creditColumns = `SELECT id, uscc, behavior, description, authority, document_no AS "documentNo", decided_on AS "decidedOn", measures,
            publicity_status AS "publicityStatus", publicity_start AS "publicityStart", publicity_end AS "publicityEnd", as_of AS "asOf"
     FROM ip_credit_records WHERE ${inBatch}`;
  const creditAll = db.prepare<Raw>(`${creditColumns} ORDER BY decided_on DESC, id`);
  const creditPublic = db.prepare<Raw>(`${creditColumns} AND ${PUBLIC_TODAY_SQL} ORDER BY decided_on DESC, id`);
  const enforcementColumns = `SELECT id, uscc, document_no AS "documentNo", case_kind AS "caseKind", authority, decided_on AS "decidedOn", facts,
            outcome, fine_cny AS "fineCny", confiscated_cny AS "confiscatedCny",
            publicity_status AS "publicityStatus", publicity_start AS "publicityStart", publicity_end AS "publicityEnd", as_of AS "asOf"
     FROM ip_enforcement_decisions WHERE ${inBatch}`;
  const enforcementAll = db.prepare<Raw>(`${enforcementColumns} ORDER BY decided_on DESC, id`);
  const enforcementPublic = db.prepare<Raw>(`${enforcementColumns} AND ${PUBLIC_TODAY_SQL} ORDER BY decided_on DESC, id`);
  const patentsByNo = db.prepare<Raw>(`SELECT ${selectList(PATENT_COLUMNS)} FROM patents WHERE ${sql.inList('application_no', 'numbers')}`);
  const trademarksByNo = db.prepare<Raw>(`SELECT ${selectList(TRADEMARK_COLUMNS)} FROM trademarks WHERE ${sql.inList('registration_no', 'numbers')}`);
  const softwareByNo = db.prepare<Raw>(
    `SELECT ${selectList(SOFTWARE_COLUMNS)} FROM software_copyrights WHERE ${sql.inList('registration_no', 'numbers')}`,
  );

  const patentBatch = batchQuery<PatentRow>(patents, SOURCES.PATENT);
  const trademarkBatch = batchQuery<TrademarkRow>(trademarks, SOURCES.TRADEMARK);
  const creditRows = (rows: Raw[]) =>
    withProvenance<IpCreditRecordRow>(rows, SOURCES.CREDIT).map((row) => ({
      ...row,
      measures: jsonList<string>(row.measures),
    }));

  return {
    patents: async (usccs) => (await patentBatch(usccs)).map(parsePatent),
    trademarks: async (usccs) => (await trademarkBatch(usccs)).map(parseTrademark),
    softwareCopyrights: batchQuery<SoftwareCopyrightRow>(softwareCopyrights, SOURCES.SOFTWARE_COPYRIGHT),
    ipRights: async (usccs) =>
      (await ipRights.all({ usccs })).map(({ rightKind, asOf, payload }) => {
        // Each branch keeps its own register as provenance.
        const row = { ...JSON.parse(payload), provenance: { ...SOURCES[rightKind], asOf: new Date(asOf) } } as IpRightRow;
        if (row.rightKind === 'PATENT') return parsePatent(row);
        if (row.rightKind === 'TRADEMARK') return parseTrademark(row);
        return row;
      }),
    ipPledges: batchQuery<IpPledgeRow>(ipPledges, SOURCES.PLEDGE),
    ipCreditRecords: async (usccs, includeNonPublic) =>
      creditRows(await (includeNonPublic ? creditAll.all({ usccs }) : creditPublic.all({ usccs, today: todayIso() }))),
    ipEnforcementDecisions: async (usccs, includeNonPublic) =>
      withProvenance<IpEnforcementDecisionRow>(
        await (includeNonPublic ? enforcementAll.all({ usccs }) : enforcementPublic.all({ usccs, today: todayIso() })),
        SOURCES.ENFORCEMENT,
      ),
    patentsByApplicationNo: async (numbers) =>
      withProvenance<PatentRow>(await patentsByNo.all({ numbers }), SOURCES.PATENT).map(parsePatent),
    trademarksByRegistrationNo: async (numbers) =>
      withProvenance<TrademarkRow>(await trademarksByNo.all({ numbers }), SOURCES.TRADEMARK).map(parseTrademark),
    softwareCopyrightsByRegistrationNo: async (numbers) =>
      withProvenance<SoftwareCopyrightRow>(await softwareByNo.all({ numbers }), SOURCES.SOFTWARE_COPYRIGHT),
  };
}
