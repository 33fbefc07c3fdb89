import { startStack, type Stack } from '../../scripts/stack';
import { loadPolicies } from '../../policies/load-policies';
import { postGraphQL } from '../helpers/graphql-client';
import { seededDataDir, type SeededDataDir } from '../helpers/seeded-data-dir';
import { describeBackends, testStores, type TestStores } from '../helpers/test-stores';
import { createTestKeys, type TestKeys } from '../helpers/test-keys';

/** Aliases, a named fragment, a union, an interface, a variable-driven @include, a nested entity, lists. */
const MATRIX_QUERY = /* GraphQL */ `
  query Matrix($uscc: USCC!, $withFinance: Boolean!) {
    inst: institution(uscc: $uscc) {
      name
      ...Supervision
      registration { legalName legalRepresentative { displayName idHash } }
      listings(first: 5) {
        __typename
        ... on AbnormalOperationListing { abnormalReason: reason }
        ... on SeriousViolationListing { seriousReason: reason }
      }
      ipRights(first: 3) { __typename ... on Patent { applicationNo } }
      ipPledges(first: 3) { pledgee amountCny }
      prepaidCustody @include(if: $withFinance) { mode balanceCny }
      creditReferenceIndicators @include(if: $withFinance) { overdueBand }
      patents(first: 2) { title holder { name } }
    }
  }
  fragment Supervision on Institution {
    complaints(first: 2) { status }
    inspections(first: 2) { result }
  }
`;

/** Every path a caller may be refused in MATRIX_QUERY (Router format: field names, "@" per list). */
const GUARDED = {
  complaints: 'institution.complaints.@',
  inspections: 'institution.inspections.@',
  idHash: 'institution.registration.legalRepresentative.idHash',
  ipPledges: 'institution.ipPledges.@',
  balance: 'institution.prepaidCustody.balanceCny',
  creditReference: 'institution.creditReferenceIndicators',
} as const;
type Guarded = keyof typeof GUARDED;

interface Row {
  readonly caller: string;
  readonly consumer: string | null;
  readonly purpose?: string;
  /** The guarded paths this caller is allowed; every other one must be refused. */
  readonly sees: readonly Guarded[];
}

const ROWS: readonly Row[] = [
  { caller: 'anonymous', consumer: null, sees: [] },
  { caller: 'MOE supervising', consumer: 'moe-supervision-platform', purpose: 'SUPERVISION_INSPECTION', sees: ['complaints', 'inspections', 'balance'] },
  { caller: 'MOE without a purpose', consumer: 'moe-supervision-platform', sees: [] },
  { caller: 'SAMR supervising', consumer: 'samr-market-supervision', purpose: 'SUPERVISION_INSPECTION', sees: ['complaints', 'idHash'] },
  { caller: 'PBoC on prepaid fees', consumer: 'pboc-financial-supervision', purpose: 'PREPAID_FEE_SUPERVISION', sees: ['ipPledges', 'balance', 'creditReference'] },
  { caller: 'CNIPA on IP', consumer: 'cnipa-ip-protection', purpose: 'IP_PROTECTION', sees: ['idHash', 'ipPledges'] },
  { caller: 'joint conference', consumer: 'joint-conference', purpose: 'JOINT_SUPERVISION_REPORT', sees: ['complaints', 'inspections', 'balance'] },
];

describeBackends('consumers × one query: exactly which guarded fields each caller sees', (backend) => {
  let stores: TestStores;
  let data: SeededDataDir;
  let keys: TestKeys;
  let stack: Stack;
  const policies = loadPolicies();

  beforeAll(async () => {
    data = seededDataDir(80, 21);
    stores = testStores(backend, data.dataDir);
    await stores.publish();
    keys = await createTestKeys();
    stack = await startStack({ dataDir: data.dataDir, agencyDatabaseUrl: stores.agencyDatabaseUrl, ports: 'free', env: keys.env });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await stores?.close();
    data?.remove();
  });

  it.each(ROWS)('$caller', async (row) => {
    const company = data.institutions.find((i) => i.uscc.startsWith('91') && i.risk !== 'GOOD')!;
    const headers: Record<string, string> = {};
    if (row.consumer) {
      const scope = policies.consumers.get(row.consumer)!.scopes.join(' ');
      headers.authorization = `Bearer ${await keys.sign({ scope, azp: row.consumer, sub: 'officer' })}`;
    }
    if (row.purpose) headers['x-purpose'] = row.purpose;
    for (const withFinance of [true, false]) {
      const { status, body } = await postGraphQL<{ inst: Record<string, unknown> | null }>(
        stack.gatewayUrl, MATRIX_QUERY, { uscc: company.uscc, withFinance }, headers);
      expect(status).toBe(200);
      const refused = new Set((body.errors ?? []).filter((e) => e.extensions?.code === 'UNAUTHORIZED_FIELD_OR_TYPE').map((e) => e.path!.join('.')));
      const others = (body.errors ?? []).filter((e) => e.extensions?.code !== 'UNAUTHORIZED_FIELD_OR_TYPE');
      expect(others).toEqual([]);
      const expected = (Object.keys(GUARDED) as Guarded[])
        .filter((g) => !row.sees.includes(g))
        // A field skipped by @include is neither served nor refused.
        .filter((g) => withFinance || (g !== 'balance' && g !== 'creditReference'))
        .map((g) => GUARDED[g]);
      expect([...refused].sort()).toEqual(expected.sort());
      const inst = body.data!.inst!;
      expect(inst.name).toBe(company.name);
      // What is refused is null; what is allowed is really there.
      expect(inst.complaints === null).toBe(!row.sees.includes('complaints'));
      expect(inst.ipPledges === null).toBe(!row.sees.includes('ipPledges'));
      if (withFinance) expect(inst.prepaidCustody === null).toBe(!row.sees.includes('balance'));
      else expect(inst).not.toHaveProperty('prepaidCustody');
      // Public data reaches everyone, through the union, the interface and the nested entity.
      expect(Array.isArray(inst.listings)).toBe(true);
      expect(Array.isArray(inst.ipRights)).toBe(true);
      for (const patent of inst.patents as { holder: { name: string } }[]) expect(patent.holder.name).toBe(company.name);
    }
  });
});
