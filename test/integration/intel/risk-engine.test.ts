import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { queryAuditLog } from '../../../gateway/audit/query-audit';
import { buildIntelService } from '../../../intel/app';
import { resolveIntelConfig } from '../../../intel/config';
import { loadPolicies } from '../../../policies/load-policies';
import { listedStaffOf } from '../../../subgraphs/shared/seed/listed-staff';
import { Random } from '../../../subgraphs/shared/seed/random';
import { postGraphQL } from '../../helpers/graphql-client';
import { startInProcessGateway, type InProcessGateway } from '../../helpers/in-process-gateway';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';
import { createTestKeys, type TestKeys } from '../../helpers/test-keys';

interface Alert { id: string; uscc: string; ruleId: string; level: string; state: string; version: number; evidence: { agency: string; fact: string; recordRef: string; asOf: string }[] }

/**
 * The risk engine against the real gateway and subgraphs over a seeded world: what it raises on
 * the troubled institutions follows from their seeded data, the good ones raise nothing, a rerun
 * on unchanged facts raises nothing new, and a change announced on an event feed is picked up.
 * Commands go to the education subgraph (GATEWAY_PROOF_EXEMPT=mutations) until the gateway
 * serves mutations (issue #8); every read goes through the gateway and is audited there.
 */
describe('risk early warning engine', () => {
  let data: SeededDataDir;
  let keys: TestKeys;
  let stack: InProcessGateway;
  let intel: FastifyInstance;
  let dir: string;
  let conference: string;
  const risk = new Map<string, string>();

  beforeAll(async () => {
    data = seededDataDir(300, 2019);
    for (const i of data.institutions) risk.set(i.uscc, i.risk);
    keys = await createTestKeys();
    stack = await startInProcessGateway(data.dataDir, { ...keys.env, RATE_LIMIT_REQUESTS: '100000' }, { proofExemptMutations: true });
    dir = mkdtempSync(join(tmpdir(), 'edu-intel-'));
    const consumer = loadPolicies().consumers.get('risk-early-warning')!;
    const tokenFile = join(dir, 'engine.token');
    writeFileSync(tokenFile, await keys.sign({ scope: consumer.scopes.join(' '), azp: consumer.id, sub: 'system:risk-engine', region: '000000', agency: 'joint-conference' }));
    const config = resolveIntelConfig({
      ...keys.env, INTEL_GATEWAY_URL: stack.gatewayUrl, RISK_ENGINE_COMMAND_URL: stack.subgraphUrls.get('education')!,
      RISK_ENGINE_TOKEN_FILE: tokenFile, RISK_ENGINE_STATE_FILE: join(dir, 'state.json'),
    });
    intel = buildIntelService({ config });
    const joint = loadPolicies().consumers.get('joint-conference')!;
    conference = await keys.sign({ scope: joint.scopes.join(' '), azp: joint.id, sub: 'secretariat-1' });
  }, 120_000);

  afterAll(async () => {
    await intel?.close();
    await stack?.close();
    data?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function alerts(): Promise<Alert[]> {
    const all: Alert[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await postGraphQL<{ riskAlerts: { edges: { node: Alert }[]; hasNextPage: boolean; endCursor: string | null } }>(stack.gatewayUrl,
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
  });

  it('raises nothing new when the facts have not changed', async () => {
    const before = await alerts();
    const again = await intel.riskEngine.runFull();
    expect([again.raised, again.escalated]).toEqual([0, 0]);
    expect(again.unchanged).toBe(again.findings);
    expect((await alerts()).map((a) => [a.id, a.version])).toEqual(before.map((a) => [a.id, a.version]));
  });

  it('reads through the gateway as a registered consumer, audited under its purpose', async () => {
    const records = queryAuditLog(stack.auditFile, { consumer: 'risk-early-warning' }, 1000);
    expect(records.length).toBeGreaterThanOrEqual(6);
    for (const r of records) expect([r.purpose, r.outcome]).toEqual(['RISK_EARLY_WARNING', 'SERVED']);
    expect(records.some((r) => r.usccs.length >= 100)).toBe(true);
  });

  it('picks up a change from the event feeds and raises or escalates for that institution only', async () => {
    const good = data.institutions.find((i) => i.risk === 'GOOD' && i.uscc.startsWith('91'))!;
    const samr = await keys.sign({ scope: 'market:listing:write', azp: 'samr-market-supervision', sub: 'officer-9', region: good.uscc.slice(2, 8), agency: 'samr' });
    const listed = await postGraphQL<{ listAbnormalOperation: { id: string } }>(stack.subgraphUrls.get('market')!,
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
});
