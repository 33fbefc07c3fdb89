import { scopeListVerifier } from '../../helpers/scope-list-verifier';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { makeUscc } from '../../../common/identifiers';
import { buildApp } from '../../../subgraphs/build-app';
import { finance } from '../../../subgraphs/finance';
import { REQUIRED_COVERAGE_RATIO } from '../../../subgraphs/finance/types/prepaid-custody.type';
import type { AgencyDefinition } from '../../../subgraphs/shared/agency';
import { seedDataDir } from '../../../subgraphs/shared/seed/seed-data-dir';
import { generateInstitutions } from '../../../subgraphs/shared/seed/seed-institutions';
import { todayIso } from '../../../subgraphs/shared/types/publicity-status';

const INSTITUTIONS = 300;
const SEED = 11;
const ALL_SCOPES = ['finance:custody:read', 'finance:financing:read', 'finance:credit-reference:read', 'finance:penalty:read'];



interface Gql<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

type Row = Record<string, unknown>;
interface FinanceEntity {
  uscc: string;
  prepaidCustody: Row | null;
  financingEvents: Row[];
  financialPenalties: Row[];
  creditReferenceIndicators: Row | null;
  financeAlerts?: Row[];
}

/** What an anonymous caller may select: custody mode, bank and ratio are public; penalties are filtered by row. */
const PUBLIC_ENTITY_FIELDS = `
  uscc
  prepaidCustody { mode custodyBankName requiredRatio provenance { sourceAgency sourceSystem asOf } }
  financialPenalties(first: 100) {
    id regulator decidingAuthority documentNo violation fineCny decidedOn
    publicityStatus publicityStart publicityEnd provenance { sourceAgency asOf } }`;
const ENTITY_FIELDS = `
  uscc
  prepaidCustody {
    mode custodyBankName accountNoMasked reserveAmountCny balanceCny prepaidFeesOutstandingCny
    requiredRatio shortfallCny compliant balancesAsOf provenance { sourceAgency sourceSystem asOf }
  }
  financingEvents(first: 100) { id round closedOn amountCny investors recordingBody provenance { asOf } }
  financialPenalties(first: 100) {
    id regulator decidingAuthority documentNo violation fineCny decidedOn
    publicityStatus publicityStart publicityEnd provenance { sourceAgency asOf }
  }
  creditReferenceIndicators { hasOverdueLoans overdueBand guaranteeExposureBand indicatorsAsOf provenance { asOf } }`;
const ALERT_FIELDS = `
  financeAlerts(first: 100) {
    __typename
    ... on CustodyShortfall { institution { uscc } mode shortfallCny balanceCny prepaidFeesOutstandingCny requiredRatio }
    ... on OverdueIndicator { overdueBand indicatorsAsOf }
  }`;
const ENTITIES_QUERY = (withAlerts: boolean, fields = ENTITY_FIELDS) => `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Institution { ${fields} ${withAlerts ? ALERT_FIELDS : ''} } }
  }`;

describe('finance subgraph', () => {
  let dataDir: string;
  let app: FastifyInstance;
  const usccs = generateInstitutions(INSTITUTIONS, SEED).map((i) => i.uscc);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'finance-subgraph-'));
    seedDataDir([finance as AgencyDefinition<object, unknown>], { dataDir, institutions: INSTITUTIONS, seed: SEED });
    app = buildApp({ agency: 'finance', dataDir, tokenVerifier: scopeListVerifier, gatewayProof: null });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function post<T>(query: string, variables: Record<string, unknown> = {}, scopes: readonly string[] = []) {
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...(scopes.length > 0 ? { authorization: `Bearer ${scopes.join(',')}` } : {}) },
      payload: { query, variables },
    });
    return { body: response.json() as Gql<T>, sqlQueries: Number(response.headers['x-sql-queries']) };
  }

  async function entities(keys: readonly string[], scopes: readonly string[], withAlerts = false, fields = ENTITY_FIELDS) {
    const representations = keys.map((uscc) => ({ __typename: 'Institution', uscc }));
    return post<{ _entities: FinanceEntity[] }>(ENTITIES_QUERY(withAlerts, fields), { representations }, scopes);
  }

  it('resolves 50 institutions with every field in one statement per loader', async () => {
    const { body, sqlQueries } = await entities(usccs.slice(0, 50), ALL_SCOPES, true);
    expect(body.errors).toBeUndefined();
    const rows = body.data?._entities ?? [];
    expect(rows).toHaveLength(50);
    // custody, financing events, penalties, credit indicators; alerts reuse the custody and credit batches.
    expect(sqlQueries).toBe(4);
    expect(rows.some((r) => (r.financeAlerts ?? []).length > 0)).toBe(true);
    expect(rows.every((r, i) => r.uscc === usccs[i])).toBe(true);
  });

  it('refuses an anonymous caller every protected field, builds no alerts for it, and runs only the loaders it may see', async () => {
    const { body, sqlQueries } = await entities(usccs.slice(0, 50), [], true);
    const rows = body.data?._entities ?? [];
    expect(rows).toHaveLength(50);
    expect(body.errors?.length).toBeGreaterThan(0);
    expect(new Set(body.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['UNAUTHORIZED_FIELD_OR_TYPE']));
    // financingEvents, creditReferenceIndicators and financeAlerts are refused on every entity. Where there is a custody,
    // its first protected field (accountNoMasked, non-null) is refused and takes the whole prepaidCustody down with it;
    // execution of that object stops there, so its other protected fields report no error of their own.
    const refused = new Set(body.errors?.map((e) => e.extensions?.coordinate));
    expect(refused).toEqual(new Set([
      'Institution.financingEvents', 'Institution.creditReferenceIndicators', 'Institution.financeAlerts', 'PrepaidCustody.accountNoMasked',
    ]));
    expect(body.errors?.filter((e) => e.extensions?.coordinate === 'Institution.financeAlerts')).toHaveLength(50);
    for (const r of rows) {
      expect(r).toMatchObject({ prepaidCustody: null, financingEvents: null, creditReferenceIndicators: null, financeAlerts: null });
    }
    // Two statements (custody, penalties), no longer four: the financing-event and credit-indicator loaders sit
    // behind refused fields and are never called; alerts, refused too, build nothing.
    expect(sqlQueries).toBe(2);

    // Selecting only what it may see, the anonymous caller gets no error, the same two statements, and custody data.
    const open = await entities(usccs.slice(0, 50), [], false, PUBLIC_ENTITY_FIELDS);
    expect(open.body.errors).toBeUndefined();
    expect(open.sqlQueries).toBe(2);
    expect(open.body.data?._entities.some((r) => r.prepaidCustody !== null)).toBe(true);
  });

  it('refuses a protected field to a direct caller without its scope (null + UNAUTHORIZED_FIELD_OR_TYPE) and serves it with the scope', async () => {
    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { uscc financingEvents(first: 100) { id } } } }';
    const keys = usccs.slice(0, 50);
    const r = keys.map((uscc) => ({ __typename: 'Institution', uscc }));
    for (const scopes of [[], ['finance:custody:read', 'finance:penalty:read']]) {
      const { body, sqlQueries } = await post<{ _entities: Row[] }>(query, { r }, scopes);
      expect(body.data?._entities).toEqual(keys.map((uscc) => ({ uscc, financingEvents: null })));
      expect(body.errors).toHaveLength(keys.length);
      for (const error of body.errors ?? []) {
        expect(error.extensions).toMatchObject({ code: 'UNAUTHORIZED_FIELD_OR_TYPE', coordinate: 'Institution.financingEvents' });
      }
      expect(sqlQueries).toBe(0);
    }
    const scoped = await post<{ _entities: { financingEvents: Row[] }[] }>(query, { r }, ['finance:financing:read']);
    expect(scoped.body.errors).toBeUndefined();
    expect(scoped.sqlQueries).toBe(1);
    expect(scoped.body.data?._entities.some((e) => e.financingEvents.length > 0)).toBe(true);
  });

  it('derives shortfall and compliance from the stored amounts and stores the account masked', async () => {
    const { body } = await entities(usccs, ALL_SCOPES, true);
    const rows = body.data?._entities ?? [];
    const custodies = rows.map((r) => r.prepaidCustody).filter((c): c is Row => c !== null);
    expect(custodies.length).toBeGreaterThan(250);
    for (const c of custodies) {
      const ratio = REQUIRED_COVERAGE_RATIO[c.mode as keyof typeof REQUIRED_COVERAGE_RATIO];
      const expected = Math.max(0, (c.prepaidFeesOutstandingCny as number) * ratio - (c.balanceCny as number));
      expect(c.requiredRatio).toBe(ratio);
      expect(c.shortfallCny as number).toBeCloseTo(expected, 2);
      expect(c.compliant).toBe(c.shortfallCny === 0);
      expect(c.accountNoMasked).toMatch(/^\d{4} \*{4} \*{4} \d{4}$/);
      expect(c.reserveAmountCny === null).toBe(c.mode === 'BANK_CUSTODY');
    }
    expect(custodies.some((c) => c.compliant === true)).toBe(true);
    expect(custodies.some((c) => c.compliant === false)).toBe(true);
    // An alert appears exactly when custody is short or loans are overdue.
    for (const r of rows) {
      const kinds = (r.financeAlerts ?? []).map((a) => a.__typename).sort();
      const expected = [
        ...(r.prepaidCustody && (r.prepaidCustody.shortfallCny as number) > 0 ? ['CustodyShortfall'] : []),
        ...(r.creditReferenceIndicators?.hasOverdueLoans ? ['OverdueIndicator'] : []),
      ].sort();
      expect(kinds).toEqual(expected);
    }
  });

  it('builds only the alert kinds the caller holds the scope for', async () => {
    const custodyOnly = await entities(usccs, ['finance:custody:read'], true);
    const kinds = new Set(custodyOnly.body.data?._entities.flatMap((r) => (r.financeAlerts ?? []).map((a) => a.__typename)));
    expect([...kinds]).toEqual(['CustodyShortfall']);
    const creditOnly = await entities(usccs, ['finance:credit-reference:read'], true);
    const creditKinds = new Set(creditOnly.body.data?._entities.flatMap((r) => (r.financeAlerts ?? []).map((a) => a.__typename)));
    expect([...creditKinds]).toEqual(['OverdueIndicator']);
  });

  it('gives anonymous callers only penalties public today, and scoped callers the others too', async () => {
    const today = todayIso();
    const anonymousResult = await entities(usccs, [], false, PUBLIC_ENTITY_FIELDS);
    expect(anonymousResult.body.errors).toBeUndefined();
    const anonymous = anonymousResult.body.data?._entities.flatMap((r) => r.financialPenalties) ?? [];
    expect(anonymous.length).toBeGreaterThan(0);
    for (const p of anonymous) {
      expect(p.publicityStatus).toBe('ACTIVE');
      expect((p.publicityStart as string) <= today).toBe(true);
      expect(p.publicityEnd === null || (p.publicityEnd as string) >= today).toBe(true);
    }
    const scopedResult = await entities(usccs, ['finance:penalty:read'], false, PUBLIC_ENTITY_FIELDS);
    expect(scopedResult.body.errors).toBeUndefined();
    const scoped = scopedResult.body.data?._entities.flatMap((r) => r.financialPenalties) ?? [];
    const nonPublic = scoped.filter(
      (p) => p.publicityStatus !== 'ACTIVE' || (p.publicityEnd !== null && (p.publicityEnd as string) < today),
    );
    expect(nonPublic.length).toBeGreaterThan(0);
    expect(scoped.length).toBe(anonymous.length + nonPublic.length);
    expect(new Set(scoped.map((p) => p.publicityStatus))).toEqual(new Set(['ACTIVE', 'EXPIRED', 'WITHDRAWN_AFTER_REPAIR', 'REVOKED']));
  });

  it('treats an institution it has no rows for as an institution with empty records', async () => {
    const unknown = makeUscc('9', '1', '110108', 'MA00YYYY');
    expect(usccs).not.toContain(unknown);
    const { body } = await entities([unknown], ALL_SCOPES, true);
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([
      { uscc: unknown, prepaidCustody: null, financingEvents: [], financialPenalties: [], creditReferenceIndicators: null, financeAlerts: [] },
    ]);
  });

  it('looks up one custody by USCC and rejects a malformed USCC', async () => {
    const { body: all } = await entities(usccs, [], false, PUBLIC_ENTITY_FIELDS);
    expect(all.errors).toBeUndefined();
    const withCustody = all.data?._entities.find((r) => r.prepaidCustody !== null);
    expect(withCustody).toBeDefined();
    const { body } = await post<{ prepaidCustody: Row | null }>(
      'query ($uscc: USCC!) { prepaidCustody(uscc: $uscc) { mode custodyBankName } }',
      { uscc: withCustody?.uscc },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.prepaidCustody).toEqual({
      mode: withCustody?.prepaidCustody?.mode,
      custodyBankName: withCustody?.prepaidCustody?.custodyBankName,
    });
    const bad = await post('{ prepaidCustody(uscc: "91110108MA00YYYY0") { mode } }');
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('pages custody shortfalls largest first with a keyset cursor', async () => {
    const query = `query ($first: Int!, $after: String) {
      custodyShortfalls(first: $first, after: $after) {
        edges { cursor node { institution { uscc } shortfallCny mode } }
        pageInfo { hasNextPage endCursor }
      } }`;
    type Page = { custodyShortfalls: { edges: { cursor: string; node: { institution: { uscc: string }; shortfallCny: number } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const whole = await post<Page>(query, { first: 30 }, ['finance:custody:read']);
    expect(whole.body.errors).toBeUndefined();
    expect(whole.sqlQueries).toBe(1);
    const nodes = whole.body.data?.custodyShortfalls.edges.map((e) => e.node) ?? [];
    expect(nodes).toHaveLength(30);
    for (let i = 1; i < nodes.length; i += 1) expect(nodes[i - 1]!.shortfallCny).toBeGreaterThanOrEqual(nodes[i]!.shortfallCny);
    expect(nodes.every((n) => n.shortfallCny > 0)).toBe(true);

    const first = await post<Page>(query, { first: 15 }, ['finance:custody:read']);
    const after = first.body.data?.custodyShortfalls.pageInfo.endCursor;
    expect(first.body.data?.custodyShortfalls.pageInfo.hasNextPage).toBe(true);
    const second = await post<Page>(query, { first: 15, after }, ['finance:custody:read']);
    const joined = [...(first.body.data?.custodyShortfalls.edges ?? []), ...(second.body.data?.custodyShortfalls.edges ?? [])];
    expect(joined.map((e) => e.node)).toEqual(nodes);

    const badCursor = await post(query, { first: 5, after: 'not-a-cursor' }, ['finance:custody:read']);
    expect(badCursor.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses list sizes above 100', async () => {
    const nested = await post(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { financingEvents(first: 101) { id } } } }',
      { r: [{ __typename: 'Institution', uscc: usccs[0] }] },
      ALL_SCOPES,
    );
    expect(nested.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const root = await post('{ custodyShortfalls(first: 101) { pageInfo { hasNextPage } } }', {}, ALL_SCOPES);
    expect(root.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
