import { queryAuditLog } from '../../../gateway/audit/query-audit';
import { listedStaffOf } from '../../../subgraphs/shared/seed/listed-staff';
import { Random } from '../../../subgraphs/shared/seed/random';
import { postGraphQL } from '../../helpers/graphql-client';
import { chinaToday } from '../../../common/china-day';
import { startIntelStack, type IntelStack } from '../../helpers/intel-stack';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';
import { createTestKeys, type TestKeys } from '../../helpers/test-keys';

interface Alert { id: string; uscc: string; ruleId: string; level: string; state: string; version: number; evidence: { agency: string; fact: string; recordRef: string; asOf: string }[] }

/**
 * The risk engine against the real gateway and subgraphs over a seeded world: what it raises on
 * the troubled institutions follows from their seeded data, the good ones raise nothing, a rerun
 * on unchanged facts raises nothing new, and a change announced on an event feed is picked up.
 * Every read and every command goes through the gateway and is audited there.
 */
describe('risk early warning engine', () => {
  let data: SeededDataDir;
  let keys: TestKeys;
  let intelStack: IntelStack;
  let stack: IntelStack['gateway'];
  let intel: IntelStack['intel'];
  let conference: string;
  const risk = new Map<string, string>();

  beforeAll(async () => {
    data = seededDataDir(300, 2019);
    for (const i of data.institutions) risk.set(i.uscc, i.risk);
    keys = await createTestKeys();
    intelStack = await startIntelStack(data.dataDir, keys);
    stack = intelStack.gateway;
    intel = intelStack.intel;
    conference = await intelStack.tokenOf('joint-conference');
  }, 120_000);

  afterAll(async () => {
    await intelStack?.close();
    data?.remove();
  });

  async function alerts(): Promise<Alert[]> {
    const all: Alert[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { body: { errors?: unknown; data?: { riskAlerts: { edges: { node: Alert }[]; hasNextPage: boolean; endCursor: string | null } } | null } } = await postGraphQL(stack.gatewayUrl,
        'query($a: String) { riskAlerts(region: "000000", first: 100, after: $a) { edges { node { id uscc ruleId level state version evidence { agency fact recordRef asOf } } } hasNextPage endCursor } }',
        { a: after }, { authorization: `Bearer ${conference}`, 'x-purpose': 'RISK_EARLY_WARNING' });
      expect(page.body.errors).toBeUndefined();
      all.push(...page.body.data!.riskAlerts.edges.map((e) => e.node));
      if (!page.body.data!.riskAlerts.hasNextPage) return all;
      after = page.body.data!.riskAlerts.endCursor;
    }
  }

  it('raises on the troubled what their data implies, on the good nothing, and says so by rule', async () => {
    await intel.riskEngine.skipToHead();
    const summary = await intel.riskEngine.runFull();
    process.stdout.write(`risk engine, 300 institutions: ${JSON.stringify(summary.byRule)}\n`);
    expect(summary.institutions).toBe(300);
    expect(summary.raised).toBe(summary.findings);
    const raised = await alerts();
    expect(raised).toHaveLength(summary.raised);
    expect(raised.filter((a) => risk.get(a.uscc) === 'GOOD')).toEqual([]);
    // Every alert names the facts that fired it, with agency, record and as-of time.
    for (const a of raised) {
      expect(a.evidence.length).toBeGreaterThan(0);
      for (const e of a.evidence) expect(e).toEqual({ agency: expect.stringMatching(/^(education|market|credit|ip|finance)$/), fact: expect.any(String), recordRef: expect.any(String), asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}/) });
    }
    const of = (uscc: string, rule: string) => raised.filter((a) => a.uscc === uscc && a.ruleId === rule);
    // Seeded listed trainers: on the staff black list RED, a defaulter YELLOW (a second trainer listed can only raise it).
    for (const inst of data.institutions.filter((i) => listedStaffOf(i))) {
      const [alert] = of(inst.uscc, 'R-LISTED-STAFF');
      expect([inst.uscc, alert?.level]).toEqual([inst.uscc, listedStaffOf(inst)!.list === 'STAFF_BLACK' ? 'RED' : alert?.level]);
      expect(alert?.evidence.map((e) => e.recordRef)).toContain(`${inst.uscc}-PSN-1`);
    }
    // Seeded pre-collapse promotions: sales up 1/0.7 while the balance fell.
    const promoting = data.institutions.filter((i) => (i.risk === 'TROUBLED' || i.risk === 'REVOKED') && new Random(`sales-spike:${i.uscc}`).chance(0.35));
    for (const inst of promoting) expect([inst.uscc, of(inst.uscc, 'R-SALES-SPIKE-FALLING-BALANCE').length]).toEqual([inst.uscc, 1]);
    expect(raised.filter((a) => a.ruleId === 'R-SALES-SPIKE-FALLING-BALANCE').map((a) => a.uscc).sort()).toEqual(promoting.map((i) => i.uscc).sort());
    // Troubled institutions are seeded with custody at 30-75% of the required cover: every one RED.
    const troubled = data.institutions.filter((i) => i.risk === 'TROUBLED');
    for (const inst of troubled) expect([inst.uscc, of(inst.uscc, 'R-CUSTODY-COVERAGE')[0]?.level]).toEqual([inst.uscc, 'RED']);
    // Revoked, and learners still owed prepaid fees: YELLOW, naming machine A's record and finance's.
    const exiting = raised.filter((a) => a.ruleId === 'R-EXIT-UNSETTLED-CUSTODY');
    expect(exiting.length).toBeGreaterThan(0);
    for (const a of exiting) {
      expect([a.uscc, risk.get(a.uscc), a.level]).toEqual([a.uscc, 'REVOKED', 'YELLOW']);
      expect(a.evidence.map((e) => [e.agency, e.fact])).toEqual([['education', 'regulatoryStatus'], ['finance', 'custodySettlement'], ['finance', 'prepaidFeesOutstandingCny']]);
    }
  });

  it('raises nothing new when the facts have not changed', async () => {
    const before = await alerts();
    const again = await intel.riskEngine.runFull();
    expect([again.raised, again.escalated]).toEqual([0, 0]);
    expect(again.unchanged).toBe(again.findings);
    expect((await alerts()).map((a) => [a.id, a.version])).toEqual(before.map((a) => [a.id, a.version]));
  });

  it('reads and acts through the gateway as a registered consumer, audited under its purpose', async () => {
    const records = await queryAuditLog({ kind: 'sqlite', file: stack.auditFile }, { consumer: 'risk-early-warning' }, 5000);
    expect(records.length).toBeGreaterThanOrEqual(6);
    for (const r of records) expect([r.purpose, r.outcome]).toEqual(['RISK_EARLY_WARNING', 'SERVED']);
    expect(records.some((r) => r.usccs.length >= 100)).toBe(true);
    const raised = (await alerts()).length;
    expect(records.filter((r) => JSON.stringify(r.body).includes('raiseRiskAlert')).length).toBe(raised);
  });

  it('picks up a change from the event feeds and raises or escalates for that institution only', async () => {
    const good = data.institutions.find((i) => i.risk === 'GOOD' && i.uscc.startsWith('91'))!;
    const samr = await keys.sign({ scope: 'market:listing:write', azp: 'samr-market-supervision', sub: 'officer-9', region: good.uscc.slice(2, 8), agency: 'samr' });
    const listed = await postGraphQL<{ listAbnormalOperation: { id: string } }>(stack.gatewayUrl,
      'mutation($input: ListAbnormalInput!) { listAbnormalOperation(input: $input) { id } }',
      { input: { uscc: good.uscc, reason: 'UNREACHABLE_AT_ADDRESS', legalBasis: '企业经营异常名录管理暂行办法 第十条', decisionDocNo: '市监异〔2026〕77号', expectedVersion: 0, idempotencyKey: `ab-${Date.now()}` } },
      { authorization: `Bearer ${samr}` });
    expect(listed.body.errors).toBeUndefined();
    const run = await intel.riskEngine.runEvents();
    expect(run.institutions).toBe(1);
    expect(run.raised).toBe(1);
    const raised = (await alerts()).filter((a) => a.uscc === good.uscc);
    expect(raised.map((a) => [a.ruleId, a.level])).toEqual([['R-WHITE-LIST-MARKET-TROUBLE', 'YELLOW']]);
    expect(raised[0]!.evidence.map((e) => e.recordRef)).toContain(listed.body.data!.listAbnormalOperation.id);
    // Nothing new since: the feeds' cursors moved on.
    expect((await intel.riskEngine.runEvents()).institutions).toBe(0);
  });

  it('raises RED when custody is opened for an institution whose closure read that it had none (no transaction spans the two agencies)', async () => {
    const pbocRead = await keys.sign({ scope: 'finance:custody:read', azp: 'pboc-financial-supervision', sub: 'bank-1', agency: 'pboc' });
    const custodyOf = async (uscc: string) => (await postGraphQL<{ institution: { prepaidCustody: { settlementState: string | null } | null; regulatoryStatus: { version: number } } }>(stack.gatewayUrl,
      'query($u: USCC!) { institution(uscc: $u) { prepaidCustody { settlementState } regulatoryStatus { version } } }', { u: uscc },
      { authorization: `Bearer ${pbocRead}`, 'x-purpose': 'PREPAID_FEE_SUPERVISION' })).body.data!.institution;
    let institution: (typeof data.institutions)[number] | undefined;
    for (const candidate of data.institutions.filter((i) => i.risk === 'GOOD')) {
      if ((await custodyOf(candidate.uscc)).prepaidCustody === null) { institution = candidate; break; }
    }
    const { uscc, regionCode } = institution!;
    const officer = (region: string) => keys.sign({ scope: 'education:filing:write', azp: 'moe-supervision-platform', sub: 'officer-3', region, agency: `edu-${region}` });
    let version = (await custodyOf(uscc)).regulatoryStatus.version;
    const move = async (command: string, region: string) => {
      const moved = await postGraphQL<{ transitionRegulatoryStatus: { state: string; version: number } }>(stack.gatewayUrl,
        'mutation($input: RegulatoryTransitionInput!) { transitionRegulatoryStatus(input: $input) { state version } }',
        { input: { uscc, command, expectedVersion: version, idempotencyKey: `${command}-${Date.now()}`, legalBasis: '民办教育促进法 第五十六条', decisionDocNo: '终止〔2026〕9号' } },
        { authorization: `Bearer ${await officer(region)}` });
      expect([command, moved.body.errors]).toEqual([command, undefined]);
      version = moved.body.data!.transitionRegulatoryStatus.version;
      return moved.body.data!.transitionRegulatoryStatus.state;
    };
    await move('START_TERMINATION', regionCode);
    await move('START_LIQUIDATION', regionCode);
    // The closure asks finance through the gateway, finds nothing on record, and closes.
    expect(await move('CLOSE', `${regionCode.slice(0, 2)}0000`)).toBe('CLOSED');
    expect((await intel.riskEngine.runEvents()).raised).toBe(0);
    // Finance opens custody for it now: as if committed between the closure's read and its write.
    const pboc = await keys.sign({ scope: 'finance:custody:write', azp: 'pboc-financial-supervision', sub: 'bank-1', region: regionCode, agency: 'pboc' });
    const opened = await postGraphQL(stack.gatewayUrl, 'mutation($input: OpenCustodyInput!) { openPrepaidCustody(input: $input) { state } }',
      { input: { uscc, mode: 'BANK_CUSTODY', custodyBankName: '中国银行测试支行', accountNo: '6216 6100 0000 1234', legalBasis: '教监管函〔2021〕2号', expectedVersion: 0, idempotencyKey: `open-${Date.now()}` } },
      { authorization: `Bearer ${pboc}` });
    expect(opened.body.errors).toBeUndefined();
    // Finance's event feed names the institution; the engine sees both agencies' records together.
    const run = await intel.riskEngine.runEvents();
    expect([run.institutions, run.raised]).toEqual([1, 1]);
    const [alert, ...more] = (await alerts()).filter((a) => a.uscc === uscc);
    expect(more).toEqual([]);
    expect([alert!.ruleId, alert!.level, alert!.state]).toEqual(['R-EXIT-UNSETTLED-CUSTODY', 'RED', 'RAISED']);
    expect(alert!.evidence.map((e) => [e.agency, e.fact])).toEqual([['education', 'regulatoryStatus'], ['finance', 'custodySettlement'], ['finance', 'prepaidFeesOutstandingCny']]);
  });

  it('escalates a YELLOW alert to RED when the facts get worse, and never re-raises what was found a false positive', async () => {
    const yellow = (await alerts()).find((a) => a.ruleId === 'R-CUSTODY-COVERAGE' && a.level === 'YELLOW' && a.state === 'RAISED')!;
    const pboc = await keys.sign({ scope: 'finance:custody:write finance:custody:read', azp: 'pboc-financial-supervision', sub: 'bank-1', region: yellow.uscc.slice(2, 8), agency: 'pboc' });
    const custody = await postGraphQL<{ institution: { custodyRecord: { version: number; prepaidFeesOutstandingCny: number }; prepaidCustody: { requiredRatio: number } } }>(
      stack.gatewayUrl, 'query($u: USCC!) { institution(uscc: $u) { custodyRecord { version prepaidFeesOutstandingCny } prepaidCustody { requiredRatio } } }',
      { u: yellow.uscc }, { authorization: `Bearer ${pboc}`, 'x-purpose': 'PREPAID_FEE_SUPERVISION' },
    );
    expect(custody.body.errors).toBeUndefined();
    const { custodyRecord: record, prepaidCustody } = custody.body.data!.institution;
    const snapshot = await postGraphQL(stack.gatewayUrl,
      'mutation($input: CustodySnapshotInput!) { recordCustodySnapshot(input: $input) { version } }',
      { input: { uscc: yellow.uscc, balanceCny: Math.round(record.prepaidFeesOutstandingCny * prepaidCustody.requiredRatio * 0.3), prepaidFeesOutstandingCny: record.prepaidFeesOutstandingCny,
        balancesAsOf: chinaToday(new Date()), expectedVersion: record.version, idempotencyKey: `snap-${Date.now()}` } },
      { authorization: `Bearer ${pboc}` });
    expect(snapshot.body.errors).toBeUndefined();
    const run = await intel.riskEngine.runEvents();
    expect(run.escalated).toBeGreaterThanOrEqual(1);
    const after = (await alerts()).find((a) => a.id === yellow.id)!;
    expect([after.level, after.state, after.version]).toEqual(['RED', 'RAISED', yellow.version + 1]);

    // The joint conference finds another alert groundless: a rerun on the same facts leaves it so.
    const other = (await alerts()).find((a) => a.state === 'RAISED' && a.ruleId === 'R-UNQUALIFIED-TRAINERS')!;
    const officer = await keys.sign({ scope: 'education:alert:write', azp: 'joint-conference', sub: 'secretariat-1', region: '000000', agency: 'joint-conference' });
    const marked = await postGraphQL(stack.gatewayUrl,
      'mutation($input: RiskAlertTransitionInput!) { transitionRiskAlert(input: $input) { state } }',
      { input: { alertId: other.id, command: 'MARK_FALSE_POSITIVE', note: '资格证书已在省平台核验', expectedVersion: other.version, idempotencyKey: `fp-${Date.now()}` } },
      { authorization: `Bearer ${officer}` });
    expect(marked.body.errors).toBeUndefined();
    const rerun = await intel.riskEngine.runFull();
    expect(rerun.raised).toBe(0);
    expect((await alerts()).filter((a) => a.uscc === other.uscc && a.ruleId === 'R-UNQUALIFIED-TRAINERS').map((a) => a.state)).toEqual(['FALSE_POSITIVE']);
  });
});
