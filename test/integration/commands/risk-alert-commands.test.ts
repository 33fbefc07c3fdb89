import type { FastifyInstance } from 'fastify';
import { createCommandHarness, gql, idempotencyKey } from '../../helpers/command-harness';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';

const ALERT_FIELDS = 'id uscc regionCode state version level ruleId ruleVersion fingerprint allowedCommands assessment disposalAction evidence { agency fact recordRef asOf value threshold } history { type fromState toState actor { subject consumer } legalBasis }';
const RAISE = `mutation($input: RaiseRiskAlertInput!) { raiseRiskAlert(input: $input) { ${ALERT_FIELDS} } }`;
const TRANSITION = `mutation($input: RiskAlertTransitionInput!) { transitionRiskAlert(input: $input) { ${ALERT_FIELDS} } }`;

/**
 * Machine H in the education subgraph, on its own (the gateway serves no mutations yet, issue #8):
 * the engine raises an alert with its evidence, a rerun on the same facts raises nothing new, the
 * bureau and the joint conference take it through to closure, region checks hold for writes and reads.
 */
describe('risk alert commands (machine H)', () => {
  let data: SeededDataDir;
  let harness: Awaited<ReturnType<typeof createCommandHarness>>;
  let education: FastifyInstance;
  let engine: string;

  beforeAll(async () => {
    data = seededDataDir(30, 5);
    harness = await createCommandHarness();
    harness.clock.now = new Date('2026-11-20T02:00:00Z');
    education = harness.app('education', data.dataDir);
    engine = await harness.token({ scopes: ['education:alert:write', 'education:alert:read'], consumer: 'risk-early-warning', sub: 'system:risk-engine', region: '000000', agency: 'joint-conference' });
  });
  afterAll(async () => {
    await education?.close();
    data?.remove();
  });

  const evidence = (coverage: string) => [
    { agency: 'finance', fact: 'custodyCoverage', recordRef: data.institutions[0]!.uscc, asOf: '2026-10-31', value: coverage, threshold: 0.8 },
    { agency: 'education', fact: 'refundComplaints', recordRef: `${data.institutions[0]!.uscc}-Q01`, asOf: '2026-10-02', value: '3', threshold: 2 },
  ];
  const raise = (key: string, coverage = '0.41', level = 'YELLOW', uscc = data.institutions[0]!.uscc, token = engine) =>
    gql(education, RAISE, { input: {
      uscc, ruleId: 'R-CUSTODY-COVERAGE', ruleVersion: '2026.1', level, title: '预收费监管资金覆盖率不足',
      legalBasis: '教监管函〔2021〕2号', evidence: evidence(coverage), expectedVersion: 0, idempotencyKey: key,
    } }, token);

  it('raises an alert whose id and fingerprint come from its rule and evidence, and replays it unchanged', async () => {
    const key = idempotencyKey('raise');
    const first = await raise(key);
    expect(first.errors).toBeUndefined();
    const alert = first.data!.raiseRiskAlert;
    expect(alert).toMatchObject({ state: 'RAISED', version: 1, level: 'YELLOW', uscc: data.institutions[0]!.uscc, regionCode: data.institutions[0]!.regionCode });
    expect(alert.id).toBe(`RA-${alert.fingerprint.slice(0, 24)}`);
    expect(alert.evidence.map((e: { fact: string }) => e.fact)).toEqual(['refundComplaints', 'custodyCoverage']);
    expect(alert.history).toEqual([expect.objectContaining({ type: 'RISK_ALERT.RAISE', fromState: 'NONE', toState: 'RAISED', legalBasis: '教监管函〔2021〕2号', actor: { subject: 'system:risk-engine', consumer: 'risk-early-warning' } })]);
    // The same facts again: with the same key the first answer, with another key a conflict, never a second alert.
    expect((await raise(key)).data!.raiseRiskAlert).toEqual(alert);
    const again = await raise(idempotencyKey('raise'));
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 1 });
    // Other facts are another alert.
    const other = await raise(idempotencyKey('raise'), '0.35');
    expect(other.data!.raiseRiskAlert.id).not.toBe(alert.id);
  });

  it('refuses a malformed alert with a clear error and writes nothing', async () => {
    const bad = await gql(education, RAISE, { input: {
      uscc: data.institutions[1]!.uscc, ruleId: 'R-X', ruleVersion: '1', level: 'ORANGE', title: 'x', legalBasis: 'b', evidence: [], expectedVersion: 0, idempotencyKey: idempotencyKey('bad'),
    } }, engine);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.level' });
    const noBasis = await gql(education, RAISE, { input: {
      uscc: data.institutions[1]!.uscc, ruleId: 'R-X', ruleVersion: '1', level: 'RED', title: '标题', evidence: evidence('0.1'), expectedVersion: 0, idempotencyKey: idempotencyKey('bad'),
    } }, engine);
    expect(noBasis.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REQUIRED_BY_LAW' });
    const list = await gql(education, '{ riskAlerts(region: "000000", first: 100) { edges { node { uscc } } } }', {}, engine, 'RISK_EARLY_WARNING');
    expect(list.data!.riskAlerts.edges.map((e: { node: { uscc: string } }) => e.node.uscc)).not.toContain(data.institutions[1]!.uscc);
  });

  it('takes an alert from RAISED to CLOSED, escalation reopening it, each step an event', async () => {
    const target = data.institutions[2]!;
    const raised = (await raise(idempotencyKey('r'), '0.6', 'YELLOW', target.uscc)).data!.raiseRiskAlert;
    const bureau = await harness.token({ scopes: ['education:alert:write'], consumer: 'moe-supervision-platform', region: target.regionCode, agency: `edu-${target.regionCode}` });
    const conference = await harness.token({ scopes: ['education:alert:write'], consumer: 'joint-conference', region: target.regionCode.slice(0, 2) + '0000', agency: 'joint-conference' });
    const step = async (token: string, command: string, version: number, extra: Record<string, unknown> = {}) => {
      const result = await gql(education, TRANSITION, { input: { alertId: raised.id, command, expectedVersion: version, idempotencyKey: idempotencyKey(command), ...extra } }, token);
      expect([command, result.errors]).toEqual([command, undefined]);
      return result.data!.transitionRiskAlert;
    };
    expect((await step(bureau, 'ACKNOWLEDGE', 1)).state).toBe('ACKNOWLEDGED');
    const escalated = await step(engine, 'ESCALATE', 2, { level: 'RED', legalBasis: '教监管函〔2021〕2号', evidence: evidence('0.2') });
    expect(escalated).toMatchObject({ state: 'RAISED', level: 'RED' });
    expect(escalated.fingerprint).not.toBe(raised.fingerprint);
    await step(bureau, 'ACKNOWLEDGE', 3);
    const refused = await gql(education, TRANSITION, { input: { alertId: raised.id, command: 'ASSESS', expectedVersion: 4, idempotencyKey: idempotencyKey('a') } }, conference);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.note' });
    expect((await step(conference, 'ASSESS', 4, { note: '资金缺口扩大，需联合约谈' })).assessment).toBe('资金缺口扩大，需联合约谈');
    expect((await step(conference, 'DISPOSE', 5, { note: '联合约谈并责令补足监管资金', legalBasis: '教监管函〔2021〕2号' })).disposalAction).toBe('联合约谈并责令补足监管资金');
    const closed = await step(bureau, 'CLOSE', 6);
    expect(closed).toMatchObject({ state: 'CLOSED', allowedCommands: [] });
    expect(closed.history.map((e: { type: string }) => e.type)).toEqual([
      'RISK_ALERT.RAISE', 'RISK_ALERT.ACKNOWLEDGE', 'RISK_ALERT.ESCALATE', 'RISK_ALERT.ACKNOWLEDGE', 'RISK_ALERT.ASSESS', 'RISK_ALERT.DISPOSE', 'RISK_ALERT.CLOSE',
    ]);
  });

  it('keeps officers to their region, for commands and for the list', async () => {
    const target = data.institutions.find((i) => !i.regionCode.startsWith('11'))!;
    const raised = (await raise(idempotencyKey('r'), '0.5', 'RED', target.uscc)).data!.raiseRiskAlert;
    const beijing = await harness.token({ scopes: ['education:alert:write', 'education:alert:read'], consumer: 'moe-supervision-platform', region: '110108' });
    const outside = await gql(education, TRANSITION, { input: { alertId: raised.id, command: 'ACKNOWLEDGE', expectedVersion: 1, idempotencyKey: idempotencyKey('o') } }, beijing);
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_REGION' });
    const list = await gql(education, `{ riskAlerts(region: "${target.regionCode}") { edges { node { id } } } }`, {}, beijing, 'RISK_EARLY_WARNING');
    expect(list.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_REGION' });
    const own = await gql(education, '{ riskAlerts { edges { node { id regionCode } } } }', {}, beijing, 'RISK_EARLY_WARNING');
    expect(own.data!.riskAlerts.edges.every((e: { node: { regionCode: string } }) => e.node.regionCode.startsWith('110108'))).toBe(true);
  });

  it('lists alerts by region, level and time, a page at a time, and on the institution', async () => {
    const all = await gql(education, '{ riskAlerts(region: "000000", first: 100) { edges { node { id uscc level state raisedAt } } } }', {}, engine, 'RISK_EARLY_WARNING');
    const nodes = all.data!.riskAlerts.edges.map((e: { node: { id: string; uscc: string; level: string; state: string; raisedAt: string } }) => e.node);
    expect(nodes.map((n: { raisedAt: string }) => n.raisedAt)).toEqual([...nodes.map((n: { raisedAt: string }) => n.raisedAt)].sort().reverse());
    expect(nodes.length).toBeGreaterThanOrEqual(4);
    const red = await gql(education, '{ riskAlerts(region: "000000", level: "RED", first: 100) { edges { node { level } } } }', {}, engine, 'RISK_EARLY_WARNING');
    expect(red.data!.riskAlerts.edges.map((e: { node: { level: string } }) => e.node.level)).toEqual(nodes.filter((n: { level: string }) => n.level === 'RED').map(() => 'RED'));
    const later = await gql(education, '{ riskAlerts(region: "000000", since: "2027-01-01") { edges { node { id } } } }', {}, engine, 'RISK_EARLY_WARNING');
    expect(later.data!.riskAlerts.edges).toEqual([]);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Awaited<ReturnType<typeof gql>> = await gql(education, 'query($a: String) { riskAlerts(region: "000000", first: 2, after: $a) { edges { node { id } } hasNextPage endCursor } }', { a: after }, engine, 'RISK_EARLY_WARNING');
      seen.push(...page.data!.riskAlerts.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!page.data!.riskAlerts.hasNextPage) break;
      after = page.data!.riskAlerts.endCursor;
    }
    expect(seen).toEqual(nodes.map((n: { id: string }) => n.id));
    const onInstitution = await gql(education, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { riskAlerts(open: true) { id state } } } }', { r: [{ __typename: 'Institution', uscc: data.institutions[0]!.uscc }] }, engine, 'RISK_EARLY_WARNING');
    const openOfFirst = nodes.filter((n: { uscc: string; state: string }) => n.uscc === data.institutions[0]!.uscc && n.state !== 'CLOSED');
    expect(openOfFirst.length).toBeGreaterThanOrEqual(2);
    expect(onInstitution.data!._entities[0].riskAlerts.map((a: { id: string }) => a.id).sort()).toEqual(openOfFirst.map((n: { id: string }) => n.id).sort());
    // Without the alert scope, or without the declared purpose, nothing.
    const anonymous = await gql(education, '{ riskAlerts(region: "000000") { edges { node { id } } } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  });
});
