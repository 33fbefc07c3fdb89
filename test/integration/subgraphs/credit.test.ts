import { scopeListVerifier } from '../../helpers/scope-list-verifier';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { makeUscc } from '../../../common/identifiers';
import { buildApp } from '../../../subgraphs/build-app';
import { credit } from '../../../subgraphs/credit';
import { openSqliteDatabase } from '../../../subgraphs/shared/database';
import { Random } from '../../../subgraphs/shared/seed/random';
import { agencyDatabaseFile, seedDataDir } from '../../../subgraphs/shared/seed/seed-data-dir';
import { generateInstitutions } from '../../../subgraphs/shared/seed/seed-institutions';
import { PUBLIC_TODAY_SQL, todayIso } from '../../../subgraphs/shared/types/publicity-status';

const RECORD_SCOPE = 'credit:record:read';
const REPAIR_SCOPE = 'credit:repair:read';
const JUDGMENT_SCOPE = 'credit:judgment:read';
const ALL_SCOPES = [RECORD_SCOPE, REPAIR_SCOPE, JUDGMENT_SCOPE, 'person:identity:read'];



interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; argument?: string; reason?: string } }[];
}

interface Row {
  __typename?: string;
  id: string;
  publicityStatus: string;
  publicityStart: string;
  publicityEnd: string | null;
  [field: string]: unknown;
}

interface EntityLists {
  uscc: string;
  creditRecords: Row[];
  creditLicences: Row[];
  creditPenalties: Row[];
  creditDishonestyListings: Row[];
  creditIncentiveListings: Row[];
  creditJudgmentDefaulters: Row[];
  creditCommitments: Row[];
  creditRepairs: Row[];
}

const AUTHORITY = 'name uscc';
const COMMON = 'id institution { uscc } publicityStatus publicityStart publicityEnd provenance { sourceAgency sourceSystem asOf }';
const LICENCE = `decisionDocName decisionDocNo itemName category licenceNo content legalBasis authority { ${AUTHORITY} } decidedOn validFrom validUntil dataSource { ${AUTHORITY} }`;
const PENALTY = `decisionDocNo violationType facts legalBasis categories content fineCny confiscationCny licenceAffected authority { ${AUTHORITY} }
  decidedOn validUntil repairEligibleFrom legalRepresentative { displayName } dataSource { ${AUTHORITY} }`;
const DISHONESTY = `decisionDocNo listName reason legalBasis listingAuthority { ${AUTHORITY} } listedOn plannedRemovalOn removedOn measures`;
const INCENTIVE = `listName legalBasis listingAuthority { ${AUTHORITY} } listedOn validUntil incentives`;
const JUDGMENT = `court caseNo filedOn enforcementBasisDocNo enforcementBasisIssuer performanceStatus dishonestBehaviour publishedOn legalRepresentative { displayName }`;
const JUDGMENT_SCOPED = 'obligation obligationAmountCny performedAmountCny';
const COMMITMENT = `kind matter content acceptingAuthority { ${AUTHORITY} } committedOn fulfilment verifiedOn`;
const REPAIR = `repairedRecordId repairedRecordKind repairedDocNo appliedOn decidedOn repairedOn authority { ${AUTHORITY} } outcome remarks`;

/**
 * `scoped`: every credit scope. `records`: select creditRecords, which returns the CreditRecord
 * interface; composition gives the interface the requirement of every implementation
 * (CreditRepairRecord's credit:repair:read), so only callers holding that scope may select it.
 */
function selection(scoped: boolean, records = scoped): string {
  const judgment = scoped ? `${JUDGMENT} ${JUDGMENT_SCOPED}` : JUDGMENT;
  return `
    uscc
    ${records ? `creditRecords(first: 100) {
      __typename ${COMMON}
      ... on CreditLicence { ${LICENCE} }
      ... on CreditPenalty { ${PENALTY} }
      ... on CreditDishonestyListing { ${DISHONESTY} }
      ... on CreditIncentiveListing { ${INCENTIVE} }
      ... on CreditJudgmentDefaulter { ${judgment} }
      ... on CreditCommitment { ${COMMITMENT} }
      ${scoped ? `... on CreditRepairRecord { ${REPAIR} repairedRecord { __typename id publicityStatus } }` : ''}
    }` : ''}
    creditLicences(first: 100) { ${COMMON} ${LICENCE} }
    creditPenalties(first: 100) { ${COMMON} ${PENALTY} }
    creditDishonestyListings(first: 100) { ${COMMON} ${DISHONESTY} }
    creditIncentiveListings(first: 100) { ${COMMON} ${INCENTIVE} }
    creditJudgmentDefaulters(first: 100) { ${COMMON} ${judgment} }
    creditCommitments(first: 100) { ${COMMON} ${COMMITMENT} }
    ${scoped ? `creditRepairs(first: 100) { ${COMMON} ${REPAIR} repairedRecord { __typename id publicityStatus } }` : ''}`;
}

const TYPE_BY_CODE: Record<string, string> = {
  LIC: 'CreditLicence',
  PEN: 'CreditPenalty',
  DIS: 'CreditDishonestyListing',
  INC: 'CreditIncentiveListing',
  JDG: 'CreditJudgmentDefaulter',
  COM: 'CreditCommitment',
  REP: 'CreditRepairRecord',
};
const WINDOWED = ['CreditPenalty', 'CreditDishonestyListing', 'CreditJudgmentDefaulter'];
const TABLES = {
  creditLicences: 'licences',
  creditPenalties: 'penalties',
  creditDishonestyListings: 'dishonesty_listings',
  creditIncentiveListings: 'incentive_listings',
  creditJudgmentDefaulters: 'judgment_defaulters',
  creditCommitments: 'commitments',
  creditRepairs: 'repairs',
} as const;

function isPublicToday(row: Row, today: string): boolean {
  return row.publicityStatus === 'ACTIVE' && row.publicityStart <= today && (row.publicityEnd === null || row.publicityEnd >= today);
}

describe('credit subgraph', () => {
  let dataDir: string;
  let db: Database.Database;
  let app: FastifyInstance;
  /** Institutions with at least one non-public penalty, dishonesty entry or judgment-defaulter record first. */
  let usccs: string[];
  const today = todayIso();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'credit-subgraph-'));
    seedDataDir([credit], { dataDir, institutions: 300, seed: 11 });
    db = new Database(agencyDatabaseFile(dataDir, 'credit'), { readonly: true });
    // Institutions holding a non-public row of each status first, then others with non-public rows, then the rest.
    const hidden = db.prepare(
      `SELECT uscc, publicity_status AS status FROM (SELECT uscc, publicity_status FROM penalties WHERE NOT ${PUBLIC_TODAY_SQL}
         UNION ALL SELECT uscc, publicity_status FROM dishonesty_listings WHERE NOT ${PUBLIC_TODAY_SQL}
         UNION ALL SELECT uscc, publicity_status FROM judgment_defaulters WHERE NOT ${PUBLIC_TODAY_SQL}) ORDER BY uscc`,
    ).all({ today }) as { uscc: string; status: string }[];
    const firsts = ['EXPIRED', 'WITHDRAWN_AFTER_REPAIR', 'REVOKED'].map((status) => hidden.find((row) => row.status === status)?.uscc);
    const withHidden = [...new Set([...firsts.filter((u): u is string => u !== undefined), ...hidden.map((row) => row.uscc)])];
    const rest = generateInstitutions(300, 11).map((i) => i.uscc).filter((uscc) => !withHidden.includes(uscc));
    usccs = [...withHidden.slice(0, 25), ...rest];
    app = buildApp({ agency: 'credit', dataDir, tokenVerifier: scopeListVerifier, gatewayProof: null });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function graphql(query: string, variables: Record<string, unknown> = {}, scopes?: readonly string[]) {
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: scopes ? { authorization: `Bearer ${scopes.join(',')}` } : {},
      payload: { query, variables },
    });
    return { body: response.json() as GraphQLResponse, sqlQueries: Number(response.headers['x-sql-queries']) };
  }

  async function entities(keys: readonly string[], fields: string, scopes?: readonly string[]) {
    const result = await graphql(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Institution { ${fields} } } }`,
      { representations: keys.map((uscc) => ({ __typename: 'Institution', uscc })) },
      scopes,
    );
    expect(result.body.errors).toBeUndefined();
    return { ...result, entities: (result.body.data?._entities ?? []) as EntityLists[] };
  }

  function countFor(table: string, keys: readonly string[], publicOnly = false): number {
    const sql = `SELECT count(*) AS n FROM ${table} WHERE uscc IN (SELECT value FROM json_each(@keys))${publicOnly ? ` AND ${PUBLIC_TODAY_SQL}` : ''}`;
    return (db.prepare(sql).get(publicOnly ? { keys: JSON.stringify(keys), today } : { keys: JSON.stringify(keys) }) as { n: number }).n;
  }

  it('resolves 50 institutions with every list and creditRecords in one SQL statement per loader', async () => {
    const keys = usccs.slice(0, 50);
    const { entities: rows, sqlQueries } = await entities(keys, selection(true), ALL_SCOPES);
    // licences, penalties, dishonestyListings, incentiveListings, judgmentDefaulters, commitments, repairs:
    // creditRecords merges the same per-kind loaders, so it adds nothing.
    expect(sqlQueries).toBe(7);
    expect(rows.map((row) => row.uscc)).toEqual(keys);

    for (const [field, table] of Object.entries(TABLES)) {
      const total = rows.reduce((sum, row) => sum + row[field as keyof typeof TABLES].length, 0);
      expect({ field, total }).toEqual({ field, total: countFor(table, keys) });
    }
    for (const row of rows) {
      const typed = Object.keys(TABLES).flatMap((field) => row[field as keyof typeof TABLES]);
      expect(row.creditRecords.map((r) => r.id).sort()).toEqual(typed.map((r) => r.id).sort().slice(0, 100));
      row.creditRecords.forEach((record, i) => {
        expect(record.__typename).toBe(TYPE_BY_CODE[record.id.split('-')[1] as string]);
        expect(record.id.startsWith(`${row.uscc}-`)).toBe(true);
        expect((record.institution as { uscc: string }).uscc).toBe(row.uscc);
        const previous = row.creditRecords[i - 1];
        if (previous) expect(previous.publicityStart >= record.publicityStart).toBe(true);
      });
    }
    const repairs = rows.flatMap((row) => row.creditRepairs);
    expect(repairs.length).toBeGreaterThan(0);
    for (const repair of repairs) expect((repair.repairedRecord as Row).id).toBe(repair.repairedRecordId);
  });

  it('costs one statement per kind asked for, and refuses creditRecords to a caller without credit:repair:read', async () => {
    const keys = usccs.slice(0, 50);
    // The composed supergraph puts CreditRepairRecord's requirement on the CreditRecord interface;
    // the subgraph enforces it on _entities exactly as the gateway does, before any statement runs.
    for (const scopes of [undefined, [RECORD_SCOPE]]) {
      const refused = await graphql(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Institution { uscc creditRecords(first: 100) { __typename id } } } }`,
        { representations: keys.map((uscc) => ({ __typename: 'Institution', uscc })) },
        scopes,
      );
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHORIZED_FIELD_OR_TYPE' });
      expect(refused.sqlQueries).toBe(0);
    }
    const sixKinds = await entities(keys, `uscc creditRecords(first: 100, kinds: [LICENCE, PENALTY, DISHONESTY_LISTING, INCENTIVE_LISTING, JUDGMENT_DEFAULTER, COMMITMENT]) { __typename id }`, [REPAIR_SCOPE]);
    expect(sixKinds.sqlQueries).toBe(6);
    expect(sixKinds.entities.flatMap((row) => row.creditRecords).some((r) => r.__typename === 'CreditRepairRecord')).toBe(false);

    const repairsOnly = await entities(keys, `uscc creditRecords(first: 100, kinds: [REPAIR]) { __typename id }`, [REPAIR_SCOPE]);
    expect(repairsOnly.sqlQueries).toBe(1);
    const all = repairsOnly.entities.flatMap((row) => row.creditRecords);
    expect(all.length).toBe(countFor('repairs', keys));
    expect(all.every((r) => r.__typename === 'CreditRepairRecord')).toBe(true);
  });

  it('never gives an anonymous caller a non-public penalty, dishonesty entry or judgment-defaulter record', async () => {
    const keys = usccs.slice(0, 100);
    const { entities: rows } = await entities(keys, selection(false));
    // creditRecords needs credit:repair:read; with only that scope the same row-level rule holds.
    const { entities: withRecords } = await entities(keys, `creditRecords(first: 100) { __typename id publicityStatus publicityStart publicityEnd }`, [REPAIR_SCOPE]);
    const windowed = [
      ...rows.flatMap((row) => [...row.creditPenalties, ...row.creditDishonestyListings, ...row.creditJudgmentDefaulters]),
      ...withRecords.flatMap((row) => row.creditRecords.filter((r) => WINDOWED.includes(r.__typename as string))),
    ];
    expect(windowed.length).toBeGreaterThan(0);
    for (const row of windowed) expect({ id: row.id, public: isPublicToday(row, today) }).toEqual({ id: row.id, public: true });
    expect(rows.reduce((n, row) => n + row.creditPenalties.length, 0)).toBe(countFor('penalties', keys, true));
    expect(rows.reduce((n, row) => n + row.creditDishonestyListings.length, 0)).toBe(countFor('dishonesty_listings', keys, true));
    expect(rows.reduce((n, row) => n + row.creditJudgmentDefaulters.length, 0)).toBe(countFor('judgment_defaulters', keys, true));
    // Licences, incentive entries and commitments are public whatever their status.
    expect(rows.reduce((n, row) => n + row.creditLicences.length, 0)).toBe(countFor('licences', keys));
    expect(rows.some((row) => row.creditLicences.some((l) => l.publicityStatus !== 'ACTIVE'))).toBe(true);
  });

  it('gives a caller with credit:record:read the non-public rows too', async () => {
    const keys = usccs.slice(0, 100);
    const { entities: rows } = await entities(keys, selection(false), [RECORD_SCOPE]);
    const penalties = rows.flatMap((row) => row.creditPenalties);
    expect(penalties.some((row) => !isPublicToday(row, today))).toBe(true);
    expect(penalties.length).toBe(countFor('penalties', keys));
    const hiddenStatuses = new Set(
      rows.flatMap((row) => [...row.creditPenalties, ...row.creditDishonestyListings, ...row.creditJudgmentDefaulters])
        .filter((row) => !isPublicToday(row, today)).map((row) => row.publicityStatus),
    );
    expect(hiddenStatuses).toEqual(new Set(['EXPIRED', 'WITHDRAWN_AFTER_REPAIR', 'REVOKED', ...(hiddenStatuses.has('ACTIVE') ? ['ACTIVE'] : [])]));
    const { entities: withRecords } = await entities(keys, selection(false, true), [RECORD_SCOPE, REPAIR_SCOPE]);
    const records = withRecords.flatMap((row) => row.creditRecords);
    expect(records.some((r) => WINDOWED.includes(r.__typename as string) && !isPublicToday(r, today))).toBe(true);
  });

  it('looks one record up by id under the same row-level rule', async () => {
    const query = `query ($id: ID!) { creditRecord(id: $id) { __typename id publicityStatus publicityStart publicityEnd
      institution { uscc } ... on CreditPenalty { decisionDocNo fineCny authority { name uscc } }
      ... on CreditRepairRecord { outcome repairedRecord { __typename id publicityStatus } } } }`;
    const hidden = db.prepare(`SELECT id FROM penalties WHERE publicity_status = 'WITHDRAWN_AFTER_REPAIR' ORDER BY id LIMIT 1`).get() as { id: string };
    const visible = db.prepare(`SELECT id, uscc, decision_doc_no AS docNo FROM penalties WHERE ${PUBLIC_TODAY_SQL} ORDER BY id LIMIT 1`)
      .get({ today }) as { id: string; uscc: string; docNo: string };

    // creditRecord returns the CreditRecord interface, which requires credit:repair:read (composed).
    expect((await graphql(query, { id: visible.id })).body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHORIZED_FIELD_OR_TYPE' });
    const found = await graphql(query, { id: visible.id }, [REPAIR_SCOPE]);
    expect(found.body.errors).toBeUndefined();
    expect(found.sqlQueries).toBe(1);
    expect(found.body.data?.creditRecord).toMatchObject({
      __typename: 'CreditPenalty', id: visible.id, publicityStatus: 'ACTIVE', institution: { uscc: visible.uscc }, decisionDocNo: visible.docNo,
    });

    expect((await graphql(query, { id: hidden.id }, [REPAIR_SCOPE])).body.data?.creditRecord).toBeNull();
    expect((await graphql(query, { id: hidden.id }, [RECORD_SCOPE, REPAIR_SCOPE])).body.data?.creditRecord)
      .toMatchObject({ __typename: 'CreditPenalty', id: hidden.id, publicityStatus: 'WITHDRAWN_AFTER_REPAIR' });

    const repair = db.prepare(`SELECT id, repaired_record_id AS target FROM repairs WHERE repaired_record_id = ?`).get(hidden.id) as { id: string; target: string };
    expect((await graphql(query, { id: repair.id }, [RECORD_SCOPE])).body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHORIZED_FIELD_OR_TYPE' });
    expect((await graphql(query, { id: repair.id }, [REPAIR_SCOPE])).body.data?.creditRecord)
      .toMatchObject({ __typename: 'CreditRepairRecord', outcome: 'APPROVED', repairedRecord: null });
    expect((await graphql(query, { id: repair.id }, [REPAIR_SCOPE, RECORD_SCOPE])).body.data?.creditRecord)
      .toMatchObject({ repairedRecord: { __typename: 'CreditPenalty', id: hidden.id, publicityStatus: 'WITHDRAWN_AFTER_REPAIR' } });

    // Well-formed but unknown: null, not an error.
    const unknown = `${makeUscc('9', '1', '110108', 'MA000000')}-PEN-01`;
    const missing = await graphql(query, { id: unknown }, [REPAIR_SCOPE]);
    expect(missing.body.errors).toBeUndefined();
    expect(missing.body.data?.creditRecord).toBeNull();
  });

  it('rejects a record id with a malformed USCC, or no record id at all, as BAD_USER_INPUT', async () => {
    const query = `query ($id: ID!) { creditRecord(id: $id) { id } }`;
    const good = usccs[0] as string;
    const badCheck = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    for (const id of [`${badCheck}-PEN-01`, `${good.toLowerCase()}-PEN-01`, `${good}-XYZ-01`, 'not-an-id', '']) {
      const { body, sqlQueries } = await graphql(query, { id }, [REPAIR_SCOPE]);
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.extensions?.argument).toBe('id');
      expect(sqlQueries).toBe(0);
    }
    const { body } = await graphql(query, { id: `${badCheck}-PEN-01` }, [REPAIR_SCOPE]);
    expect(body.errors?.[0]?.extensions?.reason).toBe('CHECK_CHARACTER');

    // A malformed USCC in an entity representation is refused the same way.
    const entity = await graphql(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Institution { uscc } } }`,
      { representations: [{ __typename: 'Institution', uscc: badCheck }] },
    );
    expect(entity.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a list argument above 100 with BAD_USER_INPUT before touching the database', async () => {
    for (const field of ['creditRecords(first: 101) { id }', 'creditPenalties(first: 101) { id }', 'creditLicences(first: 500) { id }']) {
      const { body, sqlQueries } = await graphql(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Institution { ${field} } } }`,
        { representations: [{ __typename: 'Institution', uscc: usccs[0] }] },
        [REPAIR_SCOPE],
      );
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
      expect(sqlQueries).toBe(0);
    }
  });

  it('treats an institution it holds nothing about as an institution with empty lists', async () => {
    const stranger = makeUscc('9', '1', '440305', 'MA5YYYYY');
    const { entities: rows, sqlQueries } = await entities([stranger], selection(true), ALL_SCOPES);
    expect(sqlQueries).toBe(7);
    expect(rows[0]).toMatchObject({ uscc: stranger, creditRecords: [], creditPenalties: [], creditLicences: [], creditRepairs: [] });
  });

  it('enforces its type- and field-level scopes: repairs need credit:repair:read, obligations credit:judgment:read', async () => {
    const keys = usccs.slice(0, 50);
    const repairs = await graphql(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Institution { creditRepairs { id } } } }`,
      { representations: keys.map((uscc) => ({ __typename: 'Institution', uscc })) },
      [RECORD_SCOPE],
    );
    expect(repairs.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHORIZED_FIELD_OR_TYPE' });
    expect(repairs.sqlQueries).toBe(0);

    const defaulter = db.prepare(`SELECT uscc FROM judgment_defaulters WHERE ${PUBLIC_TODAY_SQL} LIMIT 1`).get({ today }) as { uscc: string };
    const fields = `creditJudgmentDefaulters { caseNo obligationAmountCny }`;
    const anonymous = await graphql(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Institution { ${fields} } } }`,
      { representations: [{ __typename: 'Institution', uscc: defaulter.uscc }] },
    );
    expect(anonymous.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHORIZED_FIELD_OR_TYPE' });
    const scoped = await entities([defaulter.uscc], fields, [JUDGMENT_SCOPE]);
    expect(scoped.entities[0]?.creditJudgmentDefaulters[0]?.obligationAmountCny).toEqual(expect.any(Number));
  });

  it('publishes an SDL with the CreditRecord interface and the credit scopes', () => {
    const { sdl } = credit.buildSchema();
    expect(sdl).toContain('interface CreditRecord {');
    for (const type of Object.values(TYPE_BY_CODE)) expect(sdl).toContain(`type ${type} implements CreditRecord`);
    expect(sdl).toMatch(/type CreditRepairRecord implements CreditRecord @requiresScopes\(scopes: \[\["credit:repair:read"\]\]\)/);
    expect(sdl).toMatch(/obligationAmountCny: Float! @requiresScopes\(scopes: \[\["credit:judgment:read"\]\]\)/);
    expect(sdl).toContain('creditRecord(id: ID!): CreditRecord');
    expect(sdl).toMatch(/type Institution @key\(fields: "uscc"\) \{\s+uscc: USCC!/);
  });
});

describe('credit seed', () => {
  const institutions = generateInstitutions(500, 11);
  const db = openSqliteDatabase(':memory:', credit.migrations);
  db.transaction(() => credit.seed(db, institutions, new Random('11:credit')))();
  afterAll(() => db.close());
  const risk = new Map(institutions.map((i) => [i.uscc, i.risk]));
  const tables = Object.values(TABLES);

  it('has every kind of record and every publicity status in a seed of 500', () => {
    for (const table of tables) expect({ table, rows: (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n > 0 }).toEqual({ table, rows: true });
    const statuses = new Set(tables.flatMap((table) =>
      (db.prepare(`SELECT DISTINCT publicity_status AS s FROM ${table}`).all() as { s: string }[]).map((row) => row.s)));
    expect(statuses).toEqual(new Set(['ACTIVE', 'EXPIRED', 'WITHDRAWN_AFTER_REPAIR', 'REVOKED']));
    const penaltyStatuses = (db.prepare('SELECT DISTINCT publicity_status AS s FROM penalties').all() as { s: string }[]).map((r) => r.s);
    expect(new Set(penaltyStatuses)).toEqual(statuses);
  });

  it('is consistent with each institution\'s risk profile', () => {
    const activeIn = (table: string) => new Set(
      (db.prepare(`SELECT DISTINCT uscc FROM ${table} WHERE publicity_status = 'ACTIVE'`).all() as { uscc: string }[]).map((r) => r.uscc));
    const activePenalty = activeIn('penalties');
    const activeDishonesty = activeIn('dishonesty_listings');
    const activeJudgment = activeIn('judgment_defaulters');
    for (const [uscc, profile] of risk) {
      if (profile === 'REVOKED') expect({ uscc, dishonesty: activeDishonesty.has(uscc), judgment: activeJudgment.has(uscc) })
        .toEqual({ uscc, dishonesty: true, judgment: true });
      if (profile === 'TROUBLED') expect({ uscc, activePenalty: activePenalty.has(uscc) }).toEqual({ uscc, activePenalty: true });
      if (profile === 'GOOD' || profile === 'MINOR') {
        expect({ uscc, active: activePenalty.has(uscc) || activeDishonesty.has(uscc) || activeJudgment.has(uscc) })
          .toEqual({ uscc, active: false });
      }
    }
    // Every penalty withdrawn after repair has the approved repair that withdrew it.
    const orphans = db.prepare(`SELECT count(*) AS n FROM penalties p WHERE publicity_status = 'WITHDRAWN_AFTER_REPAIR'
      AND NOT EXISTS (SELECT 1 FROM repairs r WHERE r.repaired_record_id = p.id AND r.outcome = 'APPROVED' AND r.repaired_on = p.publicity_end)`).get() as { n: number };
    expect(orphans.n).toBe(0);
    const minorWithdrawn = db.prepare(`SELECT DISTINCT uscc FROM penalties WHERE publicity_status = 'WITHDRAWN_AFTER_REPAIR'`).all() as { uscc: string }[];
    expect(minorWithdrawn.length).toBeGreaterThan(0);
    expect(minorWithdrawn.every((row) => risk.get(row.uscc) === 'MINOR')).toBe(true);
  });

  it('is deterministic', () => {
    const again = openSqliteDatabase(':memory:', credit.migrations);
    again.transaction(() => credit.seed(again, institutions, new Random('11:credit')))();
    for (const table of tables) {
      const dump = (d: Database.Database) => JSON.stringify(d.prepare(`SELECT * FROM ${table} ORDER BY id`).all());
      expect(dump(again)).toBe(dump(db));
    }
    again.close();
  });
});
