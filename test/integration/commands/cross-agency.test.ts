import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildGateway } from '../../../gateway/app';
import { freePort } from '../../../scripts/stack';
import { resolveGatewayConfig } from '../../../gateway/config';
import { queryAuditLog } from '../../../gateway/audit/query-audit';
import { SUPERGRAPH_PATH } from '../../../schema/paths';
import { AGENCY_NAMES, type AgencyName } from '../../../subgraphs/shared/agency';
import { createGatewayReader } from '../../../subgraphs/shared/commands/gateway-reader';
import { createCommandHarness, gql, idempotencyKey } from '../../helpers/command-harness';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';
import { describeBackends, testStores, type TestStores } from '../../helpers/test-stores';

/**
 * The consequences of one agency's command in the others' view, through a real gateway: the
 * education subgraph checks finance's prepaid fees through the gateway with its own service token
 * (audited like any consumer), and a revoked licence or a black listing shows in the profile at once.
 */
describeBackends('cross-agency consequences through the gateway', (backend) => {
  let data: SeededDataDir;
  let harness: Awaited<ReturnType<typeof createCommandHarness>>;
  const apps = new Map<AgencyName, FastifyInstance>();
  let gateway: FastifyInstance;
  let gatewayUrl: string;
  let auditDir: string;
  let serviceTokenFile: string;
  let stores: TestStores;

  beforeAll(async () => {
    data = seededDataDir(80, 21);
    harness = await createCommandHarness();
    harness.clock.now = new Date();
    const port = await freePort();
    gatewayUrl = `http://127.0.0.1:${port}/graphql`;
    auditDir = mkdtempSync(join(tmpdir(), 'edu-gw-audit-'));
    serviceTokenFile = join(auditDir, 'education-exit-check.token');
    writeFileSync(serviceTokenFile, await harness.keys.sign({ scope: 'finance:custody:read', azp: 'education-exit-check', sub: 'education-exit-check:service', purpose: 'EXIT_SETTLEMENT_CHECK' }));
    stores = testStores(backend, data.dataDir);
    await stores.publish();
    const urls: string[] = [];
    for (const agency of AGENCY_NAMES) {
      const app = harness.app(agency, stores.location(agency), agency === 'education' ? { gateway: createGatewayReader({ url: gatewayUrl, tokenFile: serviceTokenFile, serviceName: 'finance' }) } : {});
      apps.set(agency, app);
      urls.push(`${agency}=${await app.listen({ port: 0, host: '127.0.0.1' })}/graphql`);
    }
    const config = resolveGatewayConfig({ SUBGRAPH_URLS: urls.join(','), AUDIT_DIR: auditDir, ...harness.keys.env }, { supergraphPath: SUPERGRAPH_PATH });
    gateway = await buildGateway({ config, supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8') });
    await gateway.listen({ port, host: '127.0.0.1' });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    for (const app of apps.values()) await app.close();
    await stores?.close();
    data?.remove();
    rmSync(auditDir, { recursive: true, force: true });
  });

  const profile = async (uscc: string) => {
    const response = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({
      query: 'query($u: USCC!) { institution(uscc: $u) { filing { listStatus } regulatoryStatus { state } registration { status } businessLicence { state version } } }', variables: { u: uscc },
    }) });
    return ((await response.json()) as { data: { institution: Record<string, any> } }).data.institution;
  };

  it('refuses CLOSED while finance reports unrefunded prepaid fees, and records the check it made when it closes', async () => {
    const owed = await stores.db('finance').prepare<{ uscc: string; owed: number }>(
      'SELECT uscc, prepaid_fees_outstanding_cny AS owed FROM prepaid_custody WHERE prepaid_fees_outstanding_cny > 0 ORDER BY uscc',
    ).all();
    const institution = data.institutions.find((i) => owed.some((o) => o.uscc === i.uscc) && i.risk !== 'REVOKED')!;
    const region = institution.regionCode;
    const edu = await harness.token({ scopes: ['education:filing:write'], region });
    // Closure is the approval authority's: the province's.
    const province = await harness.token({ scopes: ['education:filing:write'], region: `${region.slice(0, 2)}0000` });
    const education = apps.get('education')!;
    const move = (command: string, version: number, token = edu) => gql(education, 'mutation($input: RegulatoryTransitionInput!) { transitionRegulatoryStatus(input: $input) { state version history { type payload } } }',
      { input: { uscc: institution.uscc, command, expectedVersion: version, idempotencyKey: idempotencyKey(command), legalBasis: '民办教育促进法 art. 56', decisionDocNo: '终止〔2026〕1号' } }, token);
    expect((await move('START_TERMINATION', 3)).data!.transitionRegulatoryStatus.state).toBe('TERMINATING');
    expect((await move('START_LIQUIDATION', 4)).data!.transitionRegulatoryStatus.state).toBe('LIQUIDATING');
    const reads = async () => (await queryAuditLog({ kind: 'sqlite', file: join(auditDir, 'audit.sqlite') }, { consumer: 'education-exit-check' })).length;
    const readsBefore = await reads();
    // A county officer may not close: refused before finance is even asked.
    expect((await move('CLOSE', 5)).errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LEVEL_NOT_ALLOWED' });
    expect(await reads()).toBe(readsBefore);
    const refused = await move('CLOSE', 5, province);
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNREFUNDED_PREPAID_FEES', custodyVersion: 2, settlementState: 'ACTIVE' });

    const fin = await harness.token({ scopes: ['finance:custody:write'], consumer: 'pboc-financial-supervision', region, agency: 'pboc-branch' });
    const custody = await gql(apps.get('finance')!, `mutation($input: CustodySnapshotInput!) { recordCustodySnapshot(input: $input) { state version prepaidFeesOutstandingCny } }`, {
      input: { uscc: institution.uscc, balanceCny: 0, prepaidFeesOutstandingCny: 0, balancesAsOf: new Date().toISOString().slice(0, 10), expectedVersion: 2, idempotencyKey: idempotencyKey('snap') },
    }, fin);
    expect(custody.data!.recordCustodySnapshot).toEqual({ state: 'ACTIVE', version: 3, prepaidFeesOutstandingCny: 0 });
    // Nothing outstanding, but finance has not confirmed the settlement: still refused.
    expect((await move('CLOSE', 5, province)).errors![0]!.extensions).toMatchObject({ reason: 'PREPAID_SETTLEMENT_NOT_CONFIRMED', custodyVersion: 3, settlementState: 'ACTIVE' });
    const settled = await gql(apps.get('finance')!, `mutation($input: ConfirmSettlementInput!) { confirmPrepaidSettlement(input: $input) { state settlement { refundedLearners } } }`, {
      input: { uscc: institution.uscc, refundedCny: owed.find((o) => o.uscc === institution.uscc)!.owed, refundedLearners: 42, legalBasis: '民办教育促进法 art. 59', expectedVersion: 3, idempotencyKey: idempotencyKey('settle') },
    }, fin);
    expect(settled.data!.confirmPrepaidSettlement).toEqual({ state: 'SETTLED', settlement: { refundedLearners: 42 } });

    const closed = await move('CLOSE', 5, province);
    expect(closed.errors).toBeUndefined();
    const event = closed.data!.transitionRegulatoryStatus.history.at(-1);
    expect(event.type).toBe('REGULATORY_STATUS.CLOSE');
    // What was read, as of when, at which version of finance's record.
    expect(event.payload.exitCheck).toMatchObject({ custodyOnRecord: true, prepaidFeesOutstandingCny: 0, settlementState: 'SETTLED', custodyVersion: 4 });
    expect(Date.parse(event.payload.exitCheck.readAt)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(event.payload.exitCheck.custodyAsOf)).not.toBeNaN();
    expect(event.payload.exitCheck.gatewayRequestId).toMatch(/\S+/);
    // The read was the education service consumer's, recorded in the gateway's audit log like any other.
    const audited = await queryAuditLog({ kind: 'sqlite', file: join(auditDir, 'audit.sqlite') }, { consumer: 'education-exit-check' });
    expect(audited.map((r) => r.requestId)).toContain(event.payload.exitCheck.gatewayRequestId);
    expect(audited.every((r) => r.purpose === 'EXIT_SETTLEMENT_CHECK')).toBe(true);
    expect((await profile(institution.uscc)).regulatoryStatus.state).toBe('CLOSED');
  });

  it('shows a revoked business licence and a black listing in the profile at once', async () => {
    const company = data.institutions.find((i) => i.uscc.startsWith('91') && i.risk === 'GOOD')!;
    const before = await profile(company.uscc);
    expect(before).toMatchObject({ registration: { status: 'OPERATING' }, businessLicence: { state: 'OPERATING', version: 1 }, filing: { listStatus: 'WHITE' } });
    const samr = await harness.token({ scopes: ['market:licence:write'], consumer: 'samr-market-supervision', region: company.regionCode, agency: 'samr-branch' });
    const revoked = await gql(apps.get('market')!, 'mutation($input: LicenceTransitionInput!) { transitionBusinessLicence(input: $input) { state version } }', {
      input: { uscc: company.uscc, command: 'REVOKE', expectedVersion: 1, idempotencyKey: idempotencyKey('revoke'), legalBasis: '市场主体登记管理条例 art. 40', decisionDocNo: '市监吊〔2026〕7号' },
    }, samr);
    expect(revoked.data!.transitionBusinessLicence).toEqual({ state: 'REVOKED', version: 2 });
    const edu = await harness.token({ scopes: ['education:list:write'], region: company.regionCode });
    const list = (command: string, version: number) => gql(apps.get('education')!, 'mutation($input: ListTransitionInput!) { transitionListStatus(input: $input) { state version dueOn } }', {
      input: { uscc: company.uscc, command, expectedVersion: version, idempotencyKey: idempotencyKey(command), legalBasis: '营业执照被吊销', decisionDocNo: '教黑〔2026〕1号' },
    }, edu);
    expect((await list('REMOVE_FROM_WHITE', 1)).data!.transitionListStatus.state).toBe('REMOVED_PENDING_RECTIFICATION');
    expect((await list('LIST_BLACK', 2)).data!.transitionListStatus.state).toBe('BLACK');
    expect(await profile(company.uscc)).toMatchObject({ registration: { status: 'REVOKED' }, businessLicence: { state: 'REVOKED', version: 2 }, filing: { listStatus: 'BLACK' } });
  });
});
