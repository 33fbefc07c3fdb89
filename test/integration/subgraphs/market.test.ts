import { scopeListVerifier } from '../../helpers/scope-list-verifier';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeUscc } from '../../../common/identifiers';
import { buildApp } from '../../../subgraphs/build-app';
import { checkRegistrationNo, makeRegistrationNo, registrationNoCheckDigit } from '../../../common/identifiers/registration-no';
import { market } from '../../../subgraphs/market';
import { agencyDatabaseFile, seedDataDir } from '../../../subgraphs/shared/seed/seed-data-dir';
import { todayIso } from '../../../subgraphs/shared/types/publicity-status';

const ALL_SCOPES = ['market:penalty:read', 'market:listing:read', 'market:annual-report:read', 'person:identity:read'];



interface GraphQLResponse {
  status: number;
  sqlQueries: number;
  data: Record<string, any> | null;
  errors: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] | undefined;
}

let dataDir: string;
let app: FastifyInstance;
let db: Database.Database;
let usccs: string[];

/** `scopes` become the bearer token; none means anonymous. */
async function query(text: string, variables: Record<string, unknown> = {}, scopes?: readonly string[]): Promise<GraphQLResponse> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...(scopes ? { authorization: `Bearer ${scopes.join(',')}` } : {}) },
    payload: { query: text, variables },
  });
  const body = response.json() as { data?: Record<string, any> | null; errors?: GraphQLResponse['errors'] };
  return { status: response.statusCode, sqlQueries: Number(response.headers['x-sql-queries']), data: body.data ?? null, errors: body.errors };
}

const reps = (keys: readonly string[]) => keys.map((uscc) => ({ __typename: 'Institution', uscc }));

const PUBLICITY = 'publicityStatus publicityStart publicityEnd';
const FINANCIALS = ['revenueCny', 'totalAssetsCny', 'netProfitCny', 'taxPaidCny'];
/** Every field; the annual-report financials need market:annual-report:read, so only scoped callers select this. */
const EVERYTHING = `
  query Everything($reps: [_Any!]!) {
    _entities(representations: $reps) {
      ... on Institution {
        uscc
        registration {
          legalName entityType legalRepresentative { displayName } registeredCapitalCny establishedOn status
          address businessScope registrationAuthority registrationNo provenance { sourceAgency sourceSystem asOf }
        }
        marketLicences(first: 100) { id licenceName licenceNo issuingAuthority validFrom validTo provenance { asOf } }
        marketPenalties(first: 100) {
          id decisionDocNo violationType facts legalBasis penaltyContent fineCny decidedOn decidingAuthority ${PUBLICITY}
          provenance { asOf }
        }
        abnormalOperationListings(first: 100) {
          id reason listedOn listingAuthority removedOn removalReason ${PUBLICITY} provenance { asOf }
        }
        seriousViolationListings(first: 100) { id reason listedOn listingAuthority ${PUBLICITY} provenance { asOf } }
        listings(first: 100) {
          __typename
          ... on AbnormalOperationListing { id reason listedOn ${PUBLICITY} }
          ... on SeriousViolationListing { id seriousReason: reason listedOn ${PUBLICITY} }
        }
        spotChecks(first: 100) { id checkedOn authority taskName result provenance { asOf } }
        annualReports(first: 100) {
          id year submittedOn employees financialsPublic revenueCny totalAssetsCny netProfitCny taxPaidCny provenance { asOf }
        }
      }
    }
  }`;
/** EVERYTHING minus the annual-report financials: what a caller without market:annual-report:read may select. */
const EVERYTHING_PUBLIC = EVERYTHING.replace(' revenueCny totalAssetsCny netProfitCny taxPaidCny', '');

type Row = Record<string, any>;

function publicToday(row: Row, today: string): boolean {
  return row.publicityStatus === 'ACTIVE' && row.publicityStart <= today && (row.publicityEnd === null || row.publicityEnd >= today);
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'market-subgraph-'));
  seedDataDir([market], { dataDir, institutions: 300, seed: 11 });
  app = buildApp({ agency: 'market', dataDir, tokenVerifier: scopeListVerifier, gatewayProof: null });
  db = new Database(agencyDatabaseFile(dataDir, 'market'), { readonly: true });
  usccs = (db.prepare('SELECT uscc FROM registrations UNION SELECT uscc FROM penalties ORDER BY 1').all() as { uscc: string }[])
    .map((row) => row.uscc);
});

afterAll(async () => {
  db.close();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('market subgraph: batching', () => {
  it.each([
    ['anonymous', undefined, EVERYTHING_PUBLIC],
    ['a principal with every market scope', ALL_SCOPES, EVERYTHING],
  ])('_entities for 50 institutions with every field it may see costs one statement per loader (%s)', async (_who, scopes, text) => {
    const keys = usccs.slice(0, 50);
    const result = await query(text, { reps: reps(keys) }, scopes);
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities.map((e: Row) => e.uscc)).toEqual(keys);
    // registration, licences, penalties, abnormal, serious, spot checks, annual reports; `listings` reuses two of them.
    expect(result.sqlQueries).toBe(7);
  });

  it('an institution market regulation holds nothing on resolves with null and empty fields, without a query', async () => {
    const stranger = makeUscc('9', '1', '110108', 'MA0000A1');
    const result = await query(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Institution { uscc } } }`,
      { reps: reps([stranger]) },
    );
    expect(result.data?._entities).toEqual([{ uscc: stranger }]);
    expect(result.sqlQueries).toBe(0);
    const full = await query(EVERYTHING_PUBLIC, { reps: reps([stranger]) });
    expect(full.errors).toBeUndefined();
    expect(full.data?._entities[0]).toMatchObject({
      registration: null, marketLicences: [], marketPenalties: [], listings: [], spotChecks: [], annualReports: [],
    });
  });

  it('a non-profit (USCC 52…) has no registration but may still have penalties', async () => {
    const nonProfit = db.prepare("SELECT uscc FROM penalties WHERE uscc LIKE '52%' LIMIT 1").get() as { uscc: string };
    const result = await query(EVERYTHING, { reps: reps([nonProfit.uscc]) }, ALL_SCOPES);
    expect(result.data?._entities[0].registration).toBeNull();
    expect(result.data?._entities[0].annualReports).toEqual([]);
    expect(result.data?._entities[0].marketPenalties.length).toBeGreaterThan(0);
  });
});

describe('market subgraph: row-level publicity', () => {
  let anonymous: Row[];
  let scoped: Row[];
  const today = todayIso();

  beforeAll(async () => {
    const [a, s] = await Promise.all([
      query(EVERYTHING_PUBLIC, { reps: reps(usccs) }),
      query(EVERYTHING, { reps: reps(usccs) }, ALL_SCOPES),
    ]);
    expect(a.errors).toBeUndefined();
    expect(s.errors).toBeUndefined();
    anonymous = a.data?._entities;
    scoped = s.data?._entities;
  });

  it.each(['marketPenalties', 'abnormalOperationListings', 'seriousViolationListings', 'listings'])(
    'anonymous callers get only %s rows that are ACTIVE and inside their window today',
    (field) => {
      const rows = anonymous.flatMap((institution) => institution[field] as Row[]);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect({ id: row.id, public: publicToday(row, today) }).toEqual({ id: row.id, public: true });
    },
  );

  it.each(['marketPenalties', 'abnormalOperationListings', 'seriousViolationListings', 'listings'])(
    'a principal holding the scope also gets non-public %s rows',
    (field) => {
      const rows = scoped.flatMap((institution) => institution[field] as Row[]);
      const hidden = rows.filter((row) => !publicToday(row, today));
      expect(hidden.length).toBeGreaterThan(0);
      const publicIds = new Set(anonymous.flatMap((institution) => (institution[field] as Row[]).map((row) => row.id)));
      expect(new Set(rows.filter((row) => publicToday(row, today)).map((row) => row.id))).toEqual(publicIds);
    },
  );

  it('the scoped caller sees every publicity status, including ACTIVE rows whose window has run out', () => {
    const penalties = scoped.flatMap((institution) => institution.marketPenalties as Row[]);
    expect(new Set(penalties.map((row) => row.publicityStatus))).toEqual(new Set(['ACTIVE', 'EXPIRED', 'WITHDRAWN_AFTER_REPAIR', 'REVOKED']));
    expect(penalties.some((row) => row.publicityStatus === 'ACTIVE' && !publicToday(row, today))).toBe(true);
  });

  it('the penalty scope does not open the lists, nor the listing scope the penalties', async () => {
    const keys = usccs.slice(0, 300);
    const onlyPenalties = await query(EVERYTHING_PUBLIC, { reps: reps(keys) }, ['market:penalty:read']);
    expect(onlyPenalties.errors).toBeUndefined();
    const entities = onlyPenalties.data?._entities as Row[];
    expect(entities.flatMap((e) => e.marketPenalties as Row[]).some((row) => !publicToday(row, today))).toBe(true);
    expect(entities.flatMap((e) => e.listings as Row[]).every((row) => publicToday(row, today))).toBe(true);
    const onlyListings = (await query(EVERYTHING_PUBLIC, { reps: reps(keys) }, ['market:listing:read'])).data?._entities as Row[];
    expect(onlyListings.flatMap((e) => e.listings as Row[]).some((row) => !publicToday(row, today))).toBe(true);
    expect(onlyListings.flatMap((e) => e.marketPenalties as Row[]).every((row) => publicToday(row, today))).toBe(true);
  });

  it('listings is the two lists merged, newest first', () => {
    for (const institution of scoped) {
      const listings = institution.listings as Row[];
      const expected = [
        ...(institution.abnormalOperationListings as Row[]).map((row) => ['AbnormalOperationListing', row.id]),
        ...(institution.seriousViolationListings as Row[]).map((row) => ['SeriousViolationListing', row.id]),
      ];
      expect(listings.map((row) => [row.__typename, row.id]).sort()).toEqual(expected.sort());
      const dates = listings.map((row) => row.listedOn as string);
      expect(dates).toEqual([...dates].sort().reverse());
    }
    const kinds = new Set(scoped.flatMap((institution) => (institution.listings as Row[]).map((row) => row.__typename)));
    expect(kinds).toEqual(new Set(['AbnormalOperationListing', 'SeriousViolationListing']));
  });

  it('annual-report financials, even published ones, are null + UNAUTHORIZED_FIELD_OR_TYPE without market:annual-report:read', async () => {
    // The field-level @requiresScopes is now enforced by the subgraph itself, so it hides every financial figure
    // from a caller without the scope, whether or not the enterprise published it.
    const keys = usccs.filter((uscc) => (anonymous.find((e) => e.uscc === uscc)?.annualReports as Row[]).length > 0).slice(0, 20);
    expect(keys.length).toBeGreaterThan(0);
    const text = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Institution {
      uscc annualReports(first: 100) { id financialsPublic employees ${FINANCIALS.join(' ')} } } } }`;
    for (const scopes of [undefined, ['market:penalty:read', 'market:listing:read', 'person:identity:read']]) {
      const result = await query(text, { reps: reps(keys) }, scopes);
      const reports = (result.data?._entities as Row[]).flatMap((e) => e.annualReports as Row[]);
      expect(reports.some((report) => report.financialsPublic)).toBe(true);
      for (const report of reports) for (const field of FINANCIALS) expect(report[field]).toBeNull();
      expect(reports.every((report) => typeof report.employees === 'number')).toBe(true);
      // Exactly one error per report and financial field, each naming the refused coordinate.
      expect(result.errors).toHaveLength(reports.length * FINANCIALS.length);
      for (const error of result.errors ?? []) {
        expect(error.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
        expect(FINANCIALS.map((field) => `MarketAnnualReport.${field}`)).toContain(error.extensions?.coordinate);
      }
    }
    const scopedResult = await query(text, { reps: reps(keys) }, ['market:annual-report:read']);
    expect(scopedResult.errors).toBeUndefined();
    const scopedSubset = (scopedResult.data?._entities as Row[]).flatMap((e) => e.annualReports as Row[]);
    for (const report of scopedSubset) for (const field of FINANCIALS) expect(typeof report[field]).toBe('number');
  });

  it('publishedFinancials gives anyone the figures an enterprise published, and nothing it did not', async () => {
    const keys = usccs.filter((uscc) => (anonymous.find((e) => e.uscc === uscc)?.annualReports as Row[]).length > 0).slice(0, 20);
    const text = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Institution {
      annualReports(first: 100) { id financialsPublic publishedFinancials { ${FINANCIALS.join(' ')} } } } } }`;
    const open = await query(text, { reps: reps(keys) });
    expect(open.errors).toBeUndefined();
    const full = await query(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Institution {
      annualReports(first: 100) { id ${FINANCIALS.join(' ')} } } } }`, { reps: reps(keys) }, ['market:annual-report:read']);
    const truth = new Map((full.data?._entities as Row[]).flatMap((e) => e.annualReports as Row[]).map((r) => [r.id, r]));
    const reports = (open.data?._entities as Row[]).flatMap((e) => e.annualReports as Row[]);
    expect(reports.some((r) => r.financialsPublic) && reports.some((r) => !r.financialsPublic)).toBe(true);
    for (const report of reports) {
      if (!report.financialsPublic) expect(report.publishedFinancials).toBeNull();
      else for (const field of FINANCIALS) expect((report.publishedFinancials as Row)[field]).toBe(truth.get(report.id)![field]);
    }
  });

  it('market:annual-report:read sees every financial figure, unpublished ones included', () => {
    const scopedReports = scoped.flatMap((institution) => institution.annualReports as Row[]);
    expect(scopedReports.filter((report) => !report.financialsPublic).length).toBeGreaterThan(0);
    expect(scopedReports.filter((report) => report.financialsPublic).length).toBeGreaterThan(0);
    for (const report of scopedReports) for (const field of FINANCIALS) expect(typeof report[field]).toBe('number');
    const anonymousReports = anonymous.flatMap((institution) => institution.annualReports as Row[]);
    expect(anonymousReports.map((report) => report.id)).toEqual(scopedReports.map((report) => report.id));
    expect(anonymousReports.every((report) => typeof report.employees === 'number')).toBe(true);
  });
});

describe('market subgraph: institutionByRegistrationNo', () => {
  const LOOKUP = `query($no: String!) {
    institutionByRegistrationNo(registrationNo: $no) { uscc registration { legalName registrationNo status } }
  }`;

  it('finds the institution by its legacy 15-digit number in one statement', async () => {
    const row = db.prepare('SELECT uscc, registration_no AS no, legal_name AS name FROM registrations WHERE registration_no IS NOT NULL LIMIT 1')
      .get() as { uscc: string; no: string; name: string };
    const result = await query(LOOKUP, { no: ` ${row.no}\u3000` });
    expect(result.errors).toBeUndefined();
    expect(result.data?.institutionByRegistrationNo).toEqual({
      uscc: row.uscc,
      registration: { legalName: row.name, registrationNo: row.no, status: expect.any(String) },
    });
    expect(result.sqlQueries).toBe(1);
  });

  it('is null for a valid number nobody has', async () => {
    const result = await query(LOOKUP, { no: makeRegistrationNo('110108', '99999999') });
    expect(result.errors).toBeUndefined();
    expect(result.data?.institutionByRegistrationNo).toBeNull();
  });

  it.each([
    ['a wrong check digit', '110108000000017', 'CHECK_DIGIT', /check digit at position 15 should be '6'/],
    ['14 digits', '11010800000001', 'LENGTH', /must be 15 digits, got 14/],
    ['a letter', '1101080000A0016', 'CHARSET', /only digits, got 'A' at position 11/],
    ['a USCC', '91110108MA01C3JX2Q', 'LENGTH', /looks like a USCC/],
  ])('rejects %s with BAD_USER_INPUT naming the problem', async (_what, no, reason, message) => {
    const result = await query(LOOKUP, { no });
    expect(result.data?.institutionByRegistrationNo).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'registrationNo', reason });
    expect(result.errors?.[0]?.message).toMatch(message);
    expect(result.sqlQueries).toBe(0);
  });

  it('a malformed USCC in an entity representation is BAD_USER_INPUT', async () => {
    const valid = makeUscc('9', '1', '110108', 'MA01C3JX');
    const typo = `${valid.slice(0, 17)}${valid.endsWith('0') ? '1' : '0'}`;
    const result = await query(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Institution { uscc } } }`, {
      reps: reps([typo]),
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/check character at position 18/);
  });
});

describe('market subgraph: list arguments', () => {
  it.each(['marketLicences', 'marketPenalties', 'listings', 'annualReports'])('%s(first: 101) is BAD_USER_INPUT', async (field) => {
    const result = await query(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Institution { ${field}(first: 101) { __typename } } } }`,
      { reps: reps(usccs.slice(0, 1)) },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
  });
});

describe('market subgraph: schema', () => {
  const { sdl } = market.buildSchema();

  it('extends Institution by key with only the uscc of its own', () => {
    expect(sdl).toMatch(/type Institution @key\(fields: "uscc"\) \{\n {2}uscc: USCC!\n/);
    expect(sdl).toContain('union MarketListing = AbnormalOperationListing | SeriousViolationListing');
  });

  it('guards only unpublished-capable financials by directive; penalties and listings are filtered by row', () => {
    // Commands carry write scopes; this test is about what reads are guarded by.
    const guarded = [...sdl.matchAll(/^ {2}(\w+)[^\n]*@requiresScopes\(scopes: \[\["([^"]+)"\]\]\)/gm)].map((m) => `${m[1]}:${m[2]}`)
      .filter((g) => !g.endsWith(':write'));
    expect(guarded.sort()).toEqual([
      'idHash:person:identity:read',
      'netProfitCny:market:annual-report:read',
      'revenueCny:market:annual-report:read',
      'taxPaidCny:market:annual-report:read',
      'totalAssetsCny:market:annual-report:read',
    ]);
  });
});

describe('legacy registration number (ISO 7064 MOD 11,10)', () => {
  it('accepts the domain vector 110108000000016 and rejects every other check digit', () => {
    expect(registrationNoCheckDigit('11010800000001')).toBe('6');
    expect(checkRegistrationNo('110108000000016')).toBeNull();
    for (const digit of '012345789') expect(checkRegistrationNo(`11010800000001${digit}`)?.code).toBe('CHECK_DIGIT');
  });

  it('catches every single-digit transcription error in the body', () => {
    const valid = makeRegistrationNo('440305', '01234567');
    for (let position = 0; position < 14; position += 1) {
      for (let digit = 0; digit <= 9; digit += 1) {
        if (String(digit) === valid.charAt(position)) continue;
        const typo = `${valid.slice(0, position)}${digit}${valid.slice(position + 1)}`;
        expect(checkRegistrationNo(typo)?.code).toBe('CHECK_DIGIT');
      }
    }
  });

  it('every seeded number is valid and unique', () => {
    const numbers = (db.prepare('SELECT registration_no AS no FROM registrations WHERE registration_no IS NOT NULL').all() as { no: string }[])
      .map((row) => row.no);
    expect(numbers.length).toBeGreaterThan(10);
    expect(numbers.filter((no) => checkRegistrationNo(no) !== null)).toEqual([]);
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
