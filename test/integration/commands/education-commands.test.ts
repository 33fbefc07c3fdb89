import type { FastifyInstance } from 'fastify';
import { makeUscc } from '../../../common/identifiers';
import { drawInspections } from '../../../subgraphs/education/commands/inspection-draw';
import { eventHash, GENESIS_HASH } from '../../../subgraphs/shared/commands/event-chain';
import { createCommandHarness, gql, idempotencyKey } from '../../helpers/command-harness';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';
import { describeBackends, testStores, type TestStores } from '../../helpers/test-stores';

const FILING = ['education:filing:write'];
const ALL_EDU_WRITES = ['education:filing:write', 'education:list:write', 'education:rectification:write', 'education:inspection:write', 'education:notice:write', 'education:complaint:write'];
const REG = `state version allowedCommands permitNo history { type fromState toState version actor { subject region } legalBasis decisionDocNo payload }`;
const TRANSITION = `mutation T($input: RegulatoryTransitionInput!) { transitionRegulatoryStatus(input: $input) { ${REG} } }`;
const SUBMIT_FILING = `mutation S($input: SubmitFilingInput!) { submitFiling(input: $input) { ${REG} filingNo } }`;

describeBackends('education commands against the subgraph (real tokens, a real database)', (backend) => {
  let data: SeededDataDir;
  let harness: Awaited<ReturnType<typeof createCommandHarness>>;
  let app: FastifyInstance;
  let stores: TestStores;
  let county: string;

  beforeAll(async () => {
    data = seededDataDir(60, 11);
    harness = await createCommandHarness();
    stores = testStores(backend, data.dataDir);
    await stores.publish(['education']);
    app = harness.app('education', stores.location('education'));
    county = '110108';
  });
  afterAll(async () => {
    await app?.close();
    await stores?.close();
    data?.remove();
  });

  /** Reads the agency's store as the app sees it (SQLite file or PostgreSQL). */
  const all = <R = Record<string, unknown>>(text: string, params?: Record<string, string | number>) => stores.db('education').prepare<R>(text).all(params);
  const get = async <R = Record<string, unknown>>(text: string, params?: Record<string, string | number>) => (await all<R>(text, params))[0];
  const eventCount = async () => (await get<{ n: number }>('SELECT count(*) AS n FROM events'))!.n;
  let bodies = 0;
  const newUscc = (_label: string) => makeUscc('9', '1', county, `MA0T${String((bodies += 1)).padStart(4, '0')}`);
  const submit = async (uscc: string, token: string, key = idempotencyKey('submit')) =>
    gql(app, SUBMIT_FILING, { input: { uscc, name: '北京测试在线教育科技有限公司', regionCode: county, regionName: '北京市海淀区', kind: 'LANGUAGE_TRAINING', nonProfit: false, idempotencyKey: key, expectedVersion: 0 } }, token);
  const step = async (uscc: string, command: string, version: number, token: string, extra: Record<string, unknown> = {}) =>
    gql(app, TRANSITION, { input: { uscc, command, expectedVersion: version, idempotencyKey: idempotencyKey(command), ...extra } }, token);

  /** The approval authority: review, approval, rejection, revocation and closure are the province's (rules/machines.json levels). */
  const provincial = () => harness.token({ scopes: FILING, region: '110000', agency: 'edu-110000', sub: 'officer-p' });

  it('takes a new institution from filing to approval, with history, events and the registry', async () => {
    const token = await harness.token({ scopes: FILING });
    const province = await provincial();
    const uscc = newUscc('MA0FIL01');
    const submitted = await submit(uscc, token);
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data!.submitFiling).toMatchObject({ state: 'SUBMITTED', version: 1, allowedCommands: ['START_REVIEW'] });
    expect((await step(uscc, 'START_REVIEW', 1, province)).data!.transitionRegulatoryStatus.state).toBe('UNDER_REVIEW');
    const approved = await step(uscc, 'APPROVE', 2, province, { legalBasis: '民办教育促进法 art. 12', decisionDocNo: '海教审〔2026〕1号', permitNo: '教民110108000000001号' });
    expect(approved.errors).toBeUndefined();
    const status = approved.data!.transitionRegulatoryStatus;
    expect(status).toMatchObject({ state: 'APPROVED', version: 3, permitNo: '教民110108000000001号' });
    expect(status.history.map((e: { type: string }) => e.type)).toEqual(['REGULATORY_STATUS.SUBMIT', 'REGULATORY_STATUS.START_REVIEW', 'REGULATORY_STATUS.APPROVE']);
    expect(status.history[0]).toMatchObject({ actor: { subject: 'officer-1', region: '110108' } });
    expect(status.history[2]).toMatchObject({ fromState: 'UNDER_REVIEW', toState: 'APPROVED', legalBasis: '民办教育促进法 art. 12', decisionDocNo: '海教审〔2026〕1号', actor: { subject: 'officer-p', region: '110000' } });
    const profile = await gql(app, 'query($u: USCC!) { institution(uscc: $u) { name regionCode filing { filingNo permitNo listStatus } regulatoryStatus { state version } } }', { u: uscc });
    expect(profile.data!.institution).toMatchObject({ regionCode: county, filing: { permitNo: '教民110108000000001号', listStatus: null }, regulatoryStatus: { state: 'APPROVED', version: 3 } });
  });

  it('refuses an illegal transition naming the current state and the allowed commands, and needs the legal basis where the law does', async () => {
    const token = await provincial();
    const uscc = newUscc('MA0ILL01');
    await submit(uscc, token);
    const illegal = await step(uscc, 'REVOKE', 1, token, { legalBasis: 'x', decisionDocNo: 'y' });
    expect(illegal.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', currentState: 'SUBMITTED', allowedCommands: ['START_REVIEW'] });
    expect(illegal.errors![0]!.message).toBe('REVOKE is not allowed in state SUBMITTED; SUBMITTED allows START_REVIEW');
    await step(uscc, 'START_REVIEW', 1, token);
    const noBasis = await step(uscc, 'APPROVE', 2, token, { permitNo: 'P1' });
    expect(noBasis.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.legalBasis', reason: 'REQUIRED_BY_LAW' });
  });

  it('answers a replayed idempotency key with the first answer and one transition; refuses the key for other input', async () => {
    const token = await provincial();
    const uscc = newUscc('MA0IDE01');
    await submit(uscc, token);
    const before = await eventCount();
    const input = { uscc, command: 'START_REVIEW', expectedVersion: 1, idempotencyKey: idempotencyKey('replay') };
    const first = await gql(app, TRANSITION, { input }, token);
    const second = await gql(app, TRANSITION, { input }, token);
    expect(second).toEqual(first);
    expect(await eventCount()).toBe(before + 1);
    const reused = await gql(app, TRANSITION, { input: { ...input, command: 'APPROVE' } }, token);
    expect(reused.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await eventCount()).toBe(before + 1);
  });

  it('replays a retried submitFiling, although the record it made now exists (the mutation would otherwise choose REAPPLY)', async () => {
    const token = await harness.token({ scopes: FILING });
    const uscc = newUscc('MA0IDE02');
    const key = idempotencyKey('submit-retry');
    const first = await submit(uscc, token, key);
    expect(first.errors).toBeUndefined();
    const before = await eventCount();
    expect(await submit(uscc, token, key)).toEqual(first);
    expect(await eventCount()).toBe(before);
  });

  it('lets one of two conflicting commands win; the other is CONFLICT and leaves nothing behind', async () => {
    const token = await provincial();
    const uscc = newUscc('MA0CON01');
    await submit(uscc, token);
    await step(uscc, 'START_REVIEW', 1, token);
    const before = await eventCount();
    const [a, b] = await Promise.all([
      step(uscc, 'APPROVE', 2, token, { legalBasis: 'b', decisionDocNo: 'd', permitNo: 'P-A' }),
      step(uscc, 'REJECT', 2, token, { legalBasis: 'b', decisionDocNo: 'd' }),
    ]);
    const results = [a, b];
    const won = results.filter((r) => !r.errors);
    const lost = results.filter((r) => r.errors);
    expect(won).toHaveLength(1);
    expect(lost[0]!.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 3, expectedVersion: 2 });
    expect(await eventCount()).toBe(before + 1);
    const record = (await get<{ state: string; version: number }>("SELECT state, version FROM state_records WHERE kind = 'regulatory-status' AND id = @uscc", { uscc }))!;
    expect(record.version).toBe(3);
    expect(record.state).toBe(won[0]!.data!.transitionRegulatoryStatus.state);
    const refused = await all("SELECT outcome, code FROM command_attempts WHERE record_id = @uscc AND code = 'CONFLICT'", { uscc });
    expect(refused).toEqual([{ outcome: 'REFUSED', code: 'CONFLICT' }]);
  });

  it('lets an officer act only inside their GB/T 2260 prefix, and refuses tokens without an officer region', async () => {
    const uscc = newUscc('MA0REG01');
    const elsewhere = await harness.token({ scopes: FILING, region: '110105' });
    const forbidden = await submit(uscc, elsewhere);
    expect(forbidden.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_REGION', officerRegion: '110105', recordRegion: county });
    const noRegion = await submit(uscc, await harness.token({ scopes: FILING, region: null }));
    expect(noRegion.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_ACTOR' });
    const noScope = await submit(uscc, await harness.token({ scopes: ['education:list:write'] }));
    expect(noScope.errors![0]!.extensions!.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    const anonymous = await submit(uscc, '');
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    // A prefecture code covers its districts, a province its province, 000000 the country; a
    // national authority covers the record but does not receive filings (its level is not named).
    for (const [region, body] of [['110100', 'MA0REG02'], ['110000', 'MA0REG03']] as const) {
      const ok = await submit(newUscc(body), await harness.token({ scopes: FILING, region }));
      expect(ok.errors).toBeUndefined();
    }
    const national = await submit(newUscc('MA0REG04'), await harness.token({ scopes: FILING, region: '000000' }));
    expect(national.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LEVEL_NOT_ALLOWED', officerLevel: 'NATIONAL', allowedLevels: ['COUNTY', 'PREFECTURE', 'PROVINCE'] });
    expect(await get('SELECT count(*) AS n FROM state_records WHERE id = @uscc', { uscc })).toEqual({ n: 0 });
    const denials = await all("SELECT region, code, reason FROM command_attempts WHERE record_id = @uscc AND outcome = 'REFUSED'", { uscc });
    expect(denials).toEqual([{ region: '110105', code: 'FORBIDDEN', reason: 'OUTSIDE_REGION' }]);
  });

  it('leaves the approval authority\'s steps to the province: a county bureau is refused them (recorded), and steps it may take it takes', async () => {
    const countyOfficer = await harness.token({ scopes: FILING });
    const province = await provincial();
    const uscc = newUscc('MA0LVL01');
    await submit(uscc, countyOfficer);
    const countyReview = await step(uscc, 'START_REVIEW', 1, countyOfficer);
    expect(countyReview.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LEVEL_NOT_ALLOWED', officerLevel: 'COUNTY', allowedLevels: ['PROVINCE'] });
    expect(countyReview.errors![0]!.message).toBe("START_REVIEW on REGULATORY_STATUS is taken at PROVINCE level; the officer's region 110108 is COUNTY level");
    await step(uscc, 'START_REVIEW', 1, province);
    const law = { legalBasis: '民办教育促进法 第十二条', decisionDocNo: '京教审〔2026〕7号' };
    expect((await step(uscc, 'APPROVE', 2, countyOfficer, { ...law, permitNo: 'P' })).errors![0]!.extensions!.reason).toBe('LEVEL_NOT_ALLOWED');
    expect((await step(uscc, 'APPROVE', 2, province, { ...law, permitNo: '教民110108000000077号' })).errors).toBeUndefined();
    // Suspension is the countyOfficer's to take (countyOfficer and above).
    const suspended = await step(uscc, 'SUSPEND_ENROLMENT', 3, countyOfficer, { legalBasis: '校外培训行政处罚暂行办法 第十二条', decisionDocNo: '海教罚〔2026〕2号' });
    expect(suspended.data!.transitionRegulatoryStatus).toMatchObject({ state: 'ENROLMENT_SUSPENDED', version: 4 });
    expect((await step(uscc, 'REVOKE', 4, countyOfficer, law)).errors![0]!.extensions!.reason).toBe('LEVEL_NOT_ALLOWED');
    const refusals = await all("SELECT command, region, code, reason FROM command_attempts WHERE record_id = @uscc AND outcome = 'REFUSED' ORDER BY seq", { uscc });
    expect(refusals).toEqual([
      { command: 'REGULATORY_STATUS.START_REVIEW', region: '110108', code: 'FORBIDDEN', reason: 'LEVEL_NOT_ALLOWED' },
      { command: 'REGULATORY_STATUS.APPROVE', region: '110108', code: 'FORBIDDEN', reason: 'LEVEL_NOT_ALLOWED' },
      { command: 'REGULATORY_STATUS.REVOKE', region: '110108', code: 'FORBIDDEN', reason: 'LEVEL_NOT_ALLOWED' },
    ]);
  });

  it('dates a filing, its permit and the revocation on Beijing days, not UTC dates', async () => {
    const countyOfficer = await harness.token({ scopes: FILING });
    const province = await provincial();
    const uscc = newUscc('MA0DAY01');
    const before = harness.clock.now;
    // 17:30 UTC on 20 November is 01:30 on the 21st in Beijing.
    harness.clock.now = new Date('2026-11-20T17:30:00Z');
    const submitted = await submit(uscc, countyOfficer);
    expect(submitted.data!.submitFiling.filingNo).toContain('20261121');
    await step(uscc, 'START_REVIEW', 1, province);
    await step(uscc, 'APPROVE', 2, province, { legalBasis: '民办教育促进法 art. 12', decisionDocNo: '京教审〔2026〕21号', permitNo: '教民110108000000021号' });
    harness.clock.now = new Date('2026-11-23T16:10:00Z');
    await step(uscc, 'REVOKE', 3, province, { legalBasis: '民办教育促进法 第六十二条', decisionDocNo: '京教罚〔2026〕24号' });
    const profile = await gql(app, 'query($u: USCC!) { institution(uscc: $u) { registeredOn filing { filedOn permitValidFrom permitValidTo } } }', { u: uscc });
    expect(profile.data!.institution).toEqual({ registeredOn: '2026-11-21', filing: { filedOn: '2026-11-21', permitValidFrom: '2026-11-21', permitValidTo: '2026-11-24' } });
    harness.clock.now = before;
  });

  it('lets a rejected institution apply again with submitFiling: a new filing number, no permit, the whole history kept', async () => {
    const countyOfficer = await harness.token({ scopes: FILING });
    const province = await provincial();
    const uscc = newUscc('MA0REA01');
    const first = await submit(uscc, countyOfficer);
    await step(uscc, 'START_REVIEW', 1, province);
    await step(uscc, 'REJECT', 2, province, { legalBasis: '民办教育促进法 第十四条', decisionDocNo: '京教审〔2026〕9号' });
    // The same application again is refused while the record is at version 3 ...
    const stale = await submit(uscc, countyOfficer);
    expect(stale.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 3, currentState: 'REJECTED' });
    harness.clock.now = new Date(harness.clock.now.getTime() + 86_400_000);
    const again = await gql(app, SUBMIT_FILING, { input: {
      uscc, name: '北京测试在线教育科技有限公司（更名）', regionCode: '110108', regionName: '北京市海淀区', kind: 'LANGUAGE_TRAINING', nonProfit: true,
      idempotencyKey: idempotencyKey('reapply'), expectedVersion: 3,
    } }, countyOfficer);
    expect(again.errors).toBeUndefined();
    const record = again.data!.submitFiling;
    expect(record).toMatchObject({ state: 'SUBMITTED', version: 4, allowedCommands: ['START_REVIEW'], permitNo: null });
    expect(record.filingNo).not.toBe(first.data!.submitFiling.filingNo);
    expect(record.history.map((e: { type: string }) => e.type)).toEqual(['REGULATORY_STATUS.SUBMIT', 'REGULATORY_STATUS.START_REVIEW', 'REGULATORY_STATUS.REJECT', 'REGULATORY_STATUS.REAPPLY']);
    expect(record.history[3].payload).toMatchObject({ previousFilingNo: first.data!.submitFiling.filingNo, filingNo: record.filingNo, unverifiedRule: expect.stringContaining('行政许可法') });
    expect(await get('SELECT i.name, f.filing_no AS "filingNo", f.non_profit AS "nonProfit", f.permit_no AS "permitNo" FROM institutions i JOIN filings f ON f.uscc = i.uscc WHERE i.uscc = @uscc', { uscc }))
      .toEqual({ name: '北京测试在线教育科技有限公司（更名）', filingNo: record.filingNo, nonProfit: 1, permitNo: null });
    // Elsewhere than where it is registered, or from a state that is not REJECTED, it is refused.
    const moved = await gql(app, SUBMIT_FILING, { input: { uscc, name: '北京测试', regionCode: '110105', regionName: '北京市朝阳区', kind: 'LANGUAGE_TRAINING', nonProfit: true, idempotencyKey: idempotencyKey('moved'), expectedVersion: 4 } }, await harness.token({ scopes: FILING, region: '110000' }));
    expect(moved.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', currentState: 'SUBMITTED' });
    // transitionRegulatoryStatus does not offer the filing commands at all (its enum lacks them).
    const viaTransition = await step(uscc, 'REAPPLY', 4, countyOfficer);
    expect(viaTransition.errors![0]!.message).toMatch(/Value "REAPPLY" does not exist in "RegulatoryCommand" enum/);
  });

  it('files a complaint without a token, tracks it with the access code, and keeps the complainant sealed and masked', async () => {
    harness.clock.now = new Date('2026-09-28T02:00:00Z');
    const respondent = data.institutions.find((i) => i.regionCode === county) ?? data.institutions[0]!;
    const phone = '13912345678';
    const name = '李小明';
    const filed = await gql(app, `mutation($input: SubmitComplaintInput!) { submitComplaint(input: $input) { trackingNo accessCode receivedOn acceptanceDueOn } }`, {
      input: { idempotencyKey: idempotencyKey('complaint'), respondentUscc: respondent.uscc, category: 'REFUND', facts: '申请退费三十日未到账，客服不予回复。', request: '退还剩余课时费', complainantName: name, complainantPhone: phone },
    });
    expect(filed.errors).toBeUndefined();
    const receipt = filed.data!.submitComplaint;
    // Received Monday 28 September 2026: 29, 30 Sep, then National Day (1-7 Oct), 8, 9, Saturday 10 (a make-up working day), 12, 13.
    expect(receipt).toMatchObject({ receivedOn: '2026-09-28', acceptanceDueOn: '2026-10-13' });
    expect(receipt.accessCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const status = await gql(app, 'query($t: String!, $c: String!) { complaintStatus(trackingNo: $t, accessCode: $c) { state dueOn steps { state on } } }', { t: receipt.trackingNo, c: receipt.accessCode.toLowerCase() });
    expect(status.data!.complaintStatus).toEqual({ state: 'RECEIVED', dueOn: '2026-10-13', steps: [{ state: 'RECEIVED', on: '2026-09-28' }] });
    const wrong = await gql(app, 'query($t: String!, $c: String!) { complaintStatus(trackingNo: $t, accessCode: $c) { state } }', { t: receipt.trackingNo, c: 'AAAA-AAAA-AAAA-AAAA' });
    expect(wrong.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_FOUND' });

    const officer = await harness.token({ scopes: ['education:complaint:write'], region: respondent.regionCode });
    const move = (command: string, version: number, detail?: string) => gql(app, `mutation($input: ComplaintTransitionInput!) { transitionComplaint(input: $input) { state version dueOn complainant { nameMasked phoneMasked } history { toState payload } } }`,
      { input: { trackingNo: receipt.trackingNo, command, expectedVersion: version, idempotencyKey: idempotencyKey(command), ...(detail ? { detail, legalBasis: 'Order 20 art. 21' } : {}) } }, officer);
    harness.clock.now = new Date('2026-10-09T02:00:00Z');
    const accepted = await move('ACCEPT', 1);
    expect(accepted.data!.transitionComplaint).toMatchObject({ state: 'ACCEPTED', complainant: { nameMasked: '李**', phoneMasked: '139****5678' } });
    expect(accepted.data!.transitionComplaint.dueOn > '2026-12-01').toBe(true);
    await move('START_MEDIATION', 2);
    await move('SETTLE', 3);
    const closed = await move('CLOSE', 4);
    expect(closed.data!.transitionComplaint).toMatchObject({ state: 'CLOSED', version: 5, dueOn: null });
    const followed = await gql(app, 'query($t: String!, $c: String!) { complaintStatus(trackingNo: $t, accessCode: $c) { state steps { state } } }', { t: receipt.trackingNo, c: receipt.accessCode });
    expect(followed.data!.complaintStatus.steps.map((s: { state: string }) => s.state)).toEqual(['RECEIVED', 'ACCEPTED', 'MEDIATING', 'SETTLED', 'CLOSED']);

    // Neither the name nor the phone is anywhere in the database in the clear.
    for (const secret of [phone, name]) expect([secret, await stores.findInClear('education', secret)]).toEqual([secret, []]);
  });

  it('bounds and checks anonymous complaint input', async () => {
    const respondent = data.institutions[0]!;
    const base = { idempotencyKey: idempotencyKey('bad'), respondentUscc: respondent.uscc, category: 'REFUND', facts: '退费问题，长期未处理。', complainantName: '王五', complainantPhone: '13800000000' };
    const submitWith = (patch: Record<string, unknown>) => gql(app, 'mutation($input: SubmitComplaintInput!) { submitComplaint(input: $input) { trackingNo } }', { input: { ...base, ...patch, idempotencyKey: idempotencyKey('bad') } });
    expect((await submitWith({ facts: '长'.repeat(2001) })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.facts' });
    expect((await submitWith({ facts: '短' })).errors![0]!.extensions).toMatchObject({ argument: 'input.facts' });
    expect((await submitWith({ complainantPhone: '12345' })).errors![0]!.extensions).toMatchObject({ argument: 'input.complainantPhone' });
    expect((await submitWith({ complainantName: 'a'.repeat(41) })).errors![0]!.extensions).toMatchObject({ argument: 'input.complainantName' });
    expect((await submitWith({ request: 'x\u0000y' })).errors![0]!.extensions).toMatchObject({ argument: 'input.request' });
    expect((await submitWith({ respondentUscc: newUscc('MA0NONE1') })).errors![0]!.extensions).toMatchObject({ reason: 'NOT_FOUND' });
  });

  it('shows overdue complaints to the supervising bureau of their region only', async () => {
    harness.clock.now = new Date('2026-11-20T02:00:00Z');
    const respondent = data.institutions.find((i) => i.regionCode === county) ?? data.institutions[0]!;
    const reader = await harness.token({ scopes: ['education:complaint:write'], region: respondent.regionCode });
    const overdue = await gql(app, '{ overdueComplaints(first: 100) { edges { node { trackingNo state dueOn regionCode overdue } } hasNextPage } }', {}, reader);
    expect(overdue.errors).toBeUndefined();
    const nodes = overdue.data!.overdueComplaints.edges.map((e: { node: any }) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.regionCode).toBe(respondent.regionCode);
      expect(node.dueOn < '2026-11-20').toBe(true);
      expect(['RECEIVED', 'ACCEPTED', 'MEDIATING', 'MEDIATION_TERMINATED']).toContain(node.state);
    }
    const outside = await gql(app, '{ overdueComplaints(region: "310104") { hasNextPage } }', {}, reader);
    expect(outside.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_REGION' });
  });

  it('draws inspections reproducibly (seed, register snapshot hash, two inspectors, recusal)', async () => {
    const token = await harness.token({ scopes: ['education:inspection:write'], region: '110000' });
    const inspectors = ['京执法-001', '京执法-002', '京执法-003', '京执法-004'];
    const draw = await gql(app, `mutation($input: DrawInspectionsInput!) { drawInspections(input: $input) { id seed registerSnapshotHash register algorithm tasks { id uscc state inspectors version } } }`, {
      input: { item: '校外线上培训机构预收费监管', region: '110000', seed: '2026-11-20-福彩3D-123', objectCount: 3, inspectors, inspectorsPerTask: 2,
        recusals: [], legalBasis: '双随机、一公开监管工作细则', expectedVersion: 0, idempotencyKey: idempotencyKey('draw') },
    }, token);
    expect(draw.errors).toBeUndefined();
    const result = draw.data!.drawInspections;
    expect(result.tasks).toHaveLength(3);
    const redo = drawInspections({ seed: result.seed, objects: result.register, inspectors: [...inspectors].sort(), objectCount: 3, inspectorsPerTask: 2, recusals: new Map() });
    expect(redo.registerSnapshotHash).toBe(result.registerSnapshotHash);
    expect(result.tasks.map((t: { uscc: string; inspectors: string[] }) => ({ uscc: t.uscc, inspectors: t.inspectors }))).toEqual(redo.tasks);
    for (const task of result.tasks) {
      expect(task).toMatchObject({ state: 'DRAWN', version: 1 });
      expect(new Set(task.inspectors).size).toBe(2);
    }
    const recused = drawInspections({ seed: 's', objects: result.register, inspectors: ['A', 'B', 'C'], objectCount: 1, inspectorsPerTask: 2, recusals: new Map(result.register.map((u: string) => [u, new Set(['A'])])) });
    expect(recused.tasks[0]!.inspectors).not.toContain('A');
    const task = result.tasks[0];
    const recordIt = await gql(app, `mutation($input: InspectionTransitionInput!) { transitionInspection(input: $input) { state dueOn } }`, {
      input: { taskId: task.id, command: 'RECORD_RESULT', result: 'COMPLIANT', findings: '未发现违规情形', expectedVersion: 1, idempotencyKey: idempotencyKey('rec') },
    }, token);
    expect(recordIt.data!.transitionInspection.state).toBe('RESULT_RECORDED');
    const published = await gql(app, `mutation($input: InspectionTransitionInput!) { transitionInspection(input: $input) { state } }`, {
      input: { taskId: task.id, command: 'PUBLISH_RESULT', expectedVersion: 2, idempotencyKey: idempotencyKey('pub') },
    }, token);
    expect(published.data!.transitionInspection.state).toBe('PUBLISHED');
    expect(await get('SELECT result FROM inspections WHERE id = @id', { id: task.id })).toEqual({ result: 'COMPLIANT' });
  });

  it('serves an event feed a page at a time, each caller seeing only the event types its scopes open, with an intact hash chain', async () => {
    const plain = await harness.token({ scopes: [] });
    const complaints = await harness.token({ scopes: ['education:complaint:write', 'education:complaint:read'] });
    const page = async (token: string, since: string | null, types?: string[]) =>
      gql(app, 'query($s: String, $t: [String!]) { educationEvents(since: $s, types: $t, first: 25) { edges { node { seq type } } hasNextPage endCursor } }', { s: since, t: types ?? null }, token, 'COMPLAINT_HANDLING');
    const first = await page(plain, null);
    expect(first.errors).toBeUndefined();
    const types = new Set(first.data!.educationEvents.edges.map((e: { node: { type: string } }) => e.node.type.split('.')[0]));
    expect([...types].every((t) => t === 'REGULATORY_STATUS' || t === 'LIST_STATUS')).toBe(true);
    const second = await page(plain, first.data!.educationEvents.endCursor);
    expect(second.data!.educationEvents.edges[0].node.seq).toBeGreaterThan(first.data!.educationEvents.edges.at(-1).node.seq);
    // The complaint scope is CONDITIONAL: with a declared purpose the complaint events appear.
    const withComplaints = await page(complaints, null, ['COMPLAINT']);
    expect(withComplaints.data!.educationEvents.edges.length).toBeGreaterThan(0);
    expect(withComplaints.data!.educationEvents.edges.every((e: { node: { type: string } }) => e.node.type.startsWith('COMPLAINT.'))).toBe(true);
    const anonymous = await gql(app, '{ educationEvents { hasNextPage } }');
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    const rows = await all<Record<string, any>>('SELECT * FROM events ORDER BY seq');
    let prev = GENESIS_HASH;
    for (const row of rows) {
      expect(row.prev_hash).toBe(prev);
      expect(row.hash).toBe(eventHash(prev, row.seq, {
        recordKind: row.record_kind, recordId: row.record_id, uscc: row.uscc, regionCode: row.region_code, type: row.type, fromState: row.from_state,
        toState: row.to_state, version: row.version, actor: JSON.parse(row.actor), legalBasis: row.legal_basis, decisionDocNo: row.decision_doc_no,
        payload: JSON.parse(row.payload), occurredAt: row.occurred_at,
      }));
      prev = row.hash;
    }
    const db = stores.db('education');
    // SQLite's error comes from outside jest's realm, so it is matched by its message.
    const immutable = { message: expect.stringMatching(/immutable/) };
    await expect(db.prepare("UPDATE events SET type = 'X' WHERE seq = 1").run()).rejects.toMatchObject(immutable);
    await expect(db.prepare('DELETE FROM events WHERE seq = 1').run()).rejects.toMatchObject(immutable);
    if (backend === 'postgres') await expect(db.prepare('TRUNCATE events').run()).rejects.toMatchObject(immutable);
    expect(await eventCount()).toBe(rows.length);
  });

  it('gives every seeded institution a history consistent with its state', async () => {
    const mismatched = await all(
      `SELECT r.kind, r.id FROM state_records r
       WHERE r.version <> (SELECT count(*) FROM events e WHERE e.record_kind = r.kind AND e.record_id = r.id)
          OR r.state <> (SELECT e.to_state FROM events e WHERE e.record_kind = r.kind AND e.record_id = r.id ORDER BY e.seq DESC LIMIT 1)`,
    );
    expect(mismatched).toEqual([]);
    const black = await all(`SELECT f.uscc FROM filings f JOIN state_records r ON r.kind = 'regulatory-status' AND r.id = f.uscc WHERE f.list_status = 'BLACK' AND r.state <> 'REVOKED'`);
    expect(black).toEqual([]);
    const revokedWithoutEvent = await all(`SELECT id FROM state_records r WHERE kind = 'regulatory-status' AND state = 'REVOKED'
      AND NOT EXISTS (SELECT 1 FROM events e WHERE e.record_id = r.id AND e.type = 'REGULATORY_STATUS.REVOKE')`);
    expect(revokedWithoutEvent).toEqual([]);
    void ALL_EDU_WRITES;
  });
});
