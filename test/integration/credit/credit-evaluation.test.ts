import Database from 'better-sqlite3';
import { agencyDatabaseFile } from '../../../subgraphs/shared/seed/seed-data-dir';
import { listedStaffOf } from '../../../subgraphs/shared/seed/listed-staff';
import { postAsGateway, postGraphQL } from '../../helpers/graphql-client';
import { startInProcessGateway, type InProcessGateway } from '../../helpers/in-process-gateway';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';
import { createTestKeys, type TestKeys } from '../../helpers/test-keys';

const EVALUATION = `query($u: USCC!) { institution(uscc: $u) { uscc creditEvaluation {
  grade gradeMeaning score scheme schemeStatus asOf inputsHash factors { agency fact label recordRef asOf weight contribution } } } }`;

interface Evaluation {
  grade: string; score: number; scheme: string; asOf: string; inputsHash: string | null;
  factors: { agency: string; fact: string; recordRef: string; weight: number; contribution: number }[];
}

/** Every scope an indicator of the scheme can need, as the NDRC platform would hold for a full view. */
const ALL_FACT_SCOPES = [
  'education:complaint:read', 'education:inspection:read', 'market:penalty:read', 'market:listing:read', 'finance:custody:read',
  'finance:penalty:read', 'ip:credit:read', 'credit:record:read', 'education:trainer-identity:read',
];

/**
 * Institution.creditEvaluation through the real gateway: the planner fetches every agency's sealed
 * facts for @requires, the credit subgraph grades from all of them and shows each caller only the
 * factors its scopes open. The known federation leak — a required field reaching a caller who could
 * not have selected it — is tried from every side: selecting it, asking a subgraph directly, and
 * looking for the hidden records anywhere in the response.
 */
describe('credit evaluation', () => {
  let data: SeededDataDir;
  let keys: TestKeys;
  let stack: InProcessGateway;
  let url: string;
  let full: string;

  beforeAll(async () => {
    data = seededDataDir(240, 7);
    keys = await createTestKeys();
    stack = await startInProcessGateway(data.dataDir, { ...keys.env, EXPOSE_SUBGRAPH_COSTS: 'true' });
    url = `${stack.origin}/graphql`;
    full = await keys.sign({ scope: ALL_FACT_SCOPES.join(' '), azp: 'ndrc-credit-platform', sub: 'analyst-1', purpose: 'CREDIT_EVALUATION' });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    data?.remove();
  });

  const evaluation = async (uscc: string, headers: Record<string, string> = {}) => {
    const response = await postGraphQL<{ institution: { creditEvaluation: Evaluation } }>(url, EVALUATION, { u: uscc }, headers);
    return response;
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  /** Complaint ids of an institution, straight from the education database. */
  function complaintIds(uscc: string): string[] {
    const db = new Database(agencyDatabaseFile(data.dataDir, 'education'), { readonly: true });
    try {
      return (db.prepare('SELECT id FROM complaints WHERE uscc = ?').all(uscc) as { id: string }[]).map((r) => r.id);
    } finally {
      db.close();
    }
  }

  it('grades every institution the same for everyone, and shows an anonymous caller the public factors only', async () => {
    const troubled = data.institutions.filter((i) => i.risk === 'TROUBLED').slice(0, 6);
    for (const inst of troubled) {
      const anonymous = await evaluation(inst.uscc);
      const analyst = await evaluation(inst.uscc, bearer(full));
      expect(anonymous.body.errors).toBeUndefined();
      expect(analyst.body.errors).toBeUndefined();
      const a = anonymous.body.data!.institution.creditEvaluation;
      const b = analyst.body.data!.institution.creditEvaluation;
      expect(a.grade).toMatch(/^[ABCD]$/);
      expect([a.grade, a.score, a.scheme, a.asOf]).toEqual([b.grade, b.score, b.scheme, b.asOf]);
      // The analyst sees everything the anonymous caller sees, and more.
      expect(b.factors.length).toBeGreaterThan(a.factors.length);
      for (const f of a.factors) expect(b.factors).toContainEqual(f);
      // No anonymous factor is of a kind that is never public; the score is the sum the analyst can check.
      expect(a.factors.map((f) => f.fact)).not.toEqual(expect.arrayContaining(['COMPLAINT_REFUND']));
      expect(a.factors.some((f) => ['CUSTODY_SHORTFALL', 'CUSTODY_SHORTFALL_SEVERE', 'COMPLAINT_OTHER', 'STAFF_LISTED'].includes(f.fact))).toBe(false);
      expect(Math.max(0, Math.min(100, 100 + b.factors.reduce((sum, f) => sum + f.contribution, 0)))).toBe(b.score);
      expect(a.inputsHash).toBeNull();
      expect(b.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('never lets a hidden fact reach the anonymous response, not even its record id', async () => {
    const inst = data.institutions.find((i) => i.risk === 'TROUBLED' && complaintIds(i.uscc).length > 0)!;
    const analyst = (await evaluation(inst.uscc, bearer(full))).body.data!.institution.creditEvaluation;
    const hidden = analyst.factors.filter((f) => ['COMPLAINT_REFUND', 'COMPLAINT_OTHER', 'CUSTODY_SHORTFALL', 'CUSTODY_SHORTFALL_SEVERE', 'INSPECTION_VIOLATION'].includes(f.fact));
    expect(hidden.length).toBeGreaterThan(0);
    const text = JSON.stringify((await evaluation(inst.uscc)).body);
    // (The custody record is named by the USCC itself, which the response carries anyway.)
    for (const id of [...complaintIds(inst.uscc), ...hidden.map((f) => f.recordRef)].filter((ref) => ref !== inst.uscc)) {
      expect(text).not.toContain(id);
    }
  });

  it('shows a factor to a caller who holds its scope, and only that one more', async () => {
    let inst = data.institutions[0]!;
    for (const candidate of data.institutions.filter((i) => i.risk === 'TROUBLED')) {
      const seen = (await evaluation(candidate.uscc, bearer(full))).body.data!.institution.creditEvaluation;
      if (seen.factors.some((f) => f.fact.startsWith('COMPLAINT_'))) {
        inst = candidate;
        break;
      }
    }
    const complaints = await keys.sign({ scope: 'education:complaint:read', azp: 'moe-supervision-platform', sub: 'officer-1', purpose: 'COMPLAINT_HANDLING' });
    const withComplaints = (await evaluation(inst.uscc, bearer(complaints))).body.data!.institution.creditEvaluation;
    const anonymous = (await evaluation(inst.uscc)).body.data!.institution.creditEvaluation;
    const extra = withComplaints.factors.filter((f) => !anonymous.factors.some((g) => g.recordRef === f.recordRef && g.fact === f.fact));
    expect(extra.length).toBeGreaterThan(0);
    expect(new Set(extra.map((f) => f.fact))).toEqual(new Set(extra.map((f) => f.fact).filter((f) => f.startsWith('COMPLAINT_'))));
    // Without the declared purpose the conditional scope is held back, and so are the factors.
    const noPurpose = await keys.sign({ scope: 'education:complaint:read', azp: 'moe-supervision-platform', sub: 'officer-1' });
    const held = (await evaluation(inst.uscc, bearer(noPurpose))).body.data!.institution.creditEvaluation;
    expect(held.factors).toEqual(anonymous.factors);
  });

  it('keeps the sealed facts out of the API: they cannot be selected, suggested or introspected', async () => {
    const inst = data.institutions[0]!;
    for (const field of ['marketCreditFacts', 'educationCreditFacts', 'financeCreditFacts', 'ipCreditFacts']) {
      const selected = await postGraphQL(url, `{ institution(uscc: "${inst.uscc}") { ${field} } }`, {}, bearer(full));
      expect(selected.body.data ?? null).toBeNull();
      expect(selected.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    const typo = await postGraphQL(url, `{ institution(uscc: "${inst.uscc}") { marketCreditFact } }`, {}, bearer(full));
    expect(JSON.stringify(typo.body)).not.toContain('marketCreditFacts');
    const introspection = await postGraphQL<{ __type: { fields: { name: string }[] } }>(url, '{ __type(name: "Institution") { fields { name } } }', {}, bearer(full));
    const names = introspection.body.data?.__type?.fields.map((f) => f.name) ?? [];
    expect(names).toContain('creditEvaluation');
    expect(names.filter((n) => n.endsWith('CreditFacts'))).toEqual([]);
  });

  it('refuses a direct request for the facts, and even one proven as the gateway\'s gets ciphertext that names no record', async () => {
    const inst = data.institutions.find((i) => i.risk === 'TROUBLED' && complaintIds(i.uscc).length > 0)!;
    const entities = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { educationCreditFacts } } }';
    const representations = { r: [{ __typename: 'Institution', uscc: inst.uscc }] };
    expect((await postGraphQL(stack.subgraphUrls.get('education')!, entities, representations)).status).toBe(401);

    const direct = await postAsGateway<{ _entities: { educationCreditFacts: string }[] }>(stack.subgraphUrls.get('education')!, 'education', stack.proofKeyHex, entities, representations);
    const sealed = direct.body.data!._entities[0]!.educationCreditFacts;
    expect(sealed).toMatch(/^cf1\./);
    for (const id of complaintIds(inst.uscc)) expect(sealed).not.toContain(id);
    // Padded to whole kilobytes, so the length says little about how many records are behind it.
    expect(Buffer.from(sealed.split('.')[3]!, 'base64url').length % 1024).toBe(0);

    // Another institution's sheet does not open for this one: the credit subgraph refuses to grade.
    const other = data.institutions.find((i) => i.uscc !== inst.uscc)!;
    const forged = await postAsGateway<{ _entities: unknown[] }>(
      stack.subgraphUrls.get('credit')!, 'credit', stack.proofKeyHex,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { creditEvaluation { grade } } } }',
      { r: [{ __typename: 'Institution', uscc: other.uscc, educationCreditFacts: sealed, marketCreditFacts: sealed, financeCreditFacts: sealed, ipCreditFacts: sealed }] },
    );
    expect(forged.body.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(JSON.stringify(forged.body)).not.toContain('"grade"');
  });

  it('adds at most one fetch per subgraph to a profile query', async () => {
    const inst = data.institutions.find((i) => i.risk === 'TROUBLED')!;
    const profile = (extra: string) => `query($u: USCC!) { institution(uscc: $u) { name filing { listStatus } registration { legalName status }
      marketPenalties(first: 5) { decisionDocNo } creditDishonestyListings(first: 5) { id } patents(first: 5) { applicationNo }
      prepaidCustody { mode custodyBankName } ${extra} } }`;
    const costs = async (query: string) =>
      (await postGraphQL(url, query, { u: inst.uscc }, bearer(full))).body.extensions!.subgraphCosts as Record<string, { fetches: number }>;
    const without = await costs(profile(''));
    const withEvaluation = await costs(profile('creditEvaluation { grade factors { fact } staffFlags { trainerId } }'));
    process.stdout.write(`profile fetches without / with creditEvaluation: ${JSON.stringify(without)} / ${JSON.stringify(withEvaluation)}\n`);
    for (const agency of ['education', 'market', 'credit', 'ip', 'finance']) {
      expect((withEvaluation[agency]?.fetches ?? 0) - (without[agency]?.fetches ?? 0)).toBeLessThanOrEqual(1);
    }
  });

  it('flags a trainer on the staff black list or a defaulter to callers holding the identity scope only', async () => {
    const inst = data.institutions.find((i) => listedStaffOf(i) !== null)!;
    const listed = listedStaffOf(inst)!;
    const query = `query($u: USCC!) { institution(uscc: $u) { creditEvaluation { grade factors { fact } staffFlags { trainerId displayName list recordRef } } } }`;
    const identity = await keys.sign({ scope: 'education:trainer-identity:read', azp: 'moe-supervision-platform', sub: 'officer-1', purpose: 'SUPERVISION_INSPECTION' });
    const seen = await postGraphQL<{ institution: { creditEvaluation: { grade: string; factors: { fact: string }[]; staffFlags: { trainerId: string; displayName: string; list: string }[] } } }>(url, query, { u: inst.uscc }, bearer(identity));
    expect(seen.body.errors).toBeUndefined();
    const evaluationSeen = seen.body.data!.institution.creditEvaluation;
    expect(evaluationSeen.staffFlags).toEqual([expect.objectContaining({ trainerId: `${inst.uscc}-T99`, displayName: listed.name, list: listed.list })]);
    expect(evaluationSeen.factors.map((f) => f.fact)).toContain('STAFF_LISTED');

    const anonymous = await postGraphQL<{ institution: { creditEvaluation: { grade: string; factors: { fact: string }[]; staffFlags: unknown } | null } }>(url, query, { u: inst.uscc });
    expect(anonymous.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHORIZED_FIELD_OR_TYPE']);
    expect(anonymous.body.errors?.[0]?.path).toEqual(['institution', 'creditEvaluation', 'staffFlags', '@']);
    expect(anonymous.body.data!.institution.creditEvaluation).toEqual(expect.objectContaining({ grade: evaluationSeen.grade, staffFlags: null }));
    expect(JSON.stringify(anonymous.body)).not.toContain(listed.name);
    expect(JSON.stringify(anonymous.body)).not.toContain('STAFF_LISTED');
  });
});
