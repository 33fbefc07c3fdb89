import type { FastifyInstance } from 'fastify';
import { chinaToday } from '../../../common/china-day';
import { createDeadlines, loadCalendar } from '../../../subgraphs/shared/commands/working-days';
import { addDays } from '../../../subgraphs/shared/seed/seed-dates';
import { createCommandHarness, gql, idempotencyKey } from '../../helpers/command-harness';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';
import { describeBackends, testStores, type TestStores } from '../../helpers/test-stores';

/** The commands that create their record: penalty decisions, listings, orders, notices. */
describeBackends('creation commands and what the public then sees', (backend) => {
  let data: SeededDataDir;
  let harness: Awaited<ReturnType<typeof createCommandHarness>>;
  let market: FastifyInstance;
  let education: FastifyInstance;
  let stores: TestStores;

  beforeAll(async () => {
    data = seededDataDir(40, 8);
    harness = await createCommandHarness();
    harness.clock.now = new Date('2026-11-20T02:00:00Z');
    stores = testStores(backend, data.dataDir);
    await stores.publish(['market', 'education', 'finance']);
    market = harness.app('market', stores.location('market'));
    education = harness.app('education', stores.location('education'));
  }, 60_000);
  afterAll(async () => {
    await market?.close();
    await education?.close();
    await stores?.close();
    data?.remove();
  });

  const company = () => data.institutions.find((i) => i.uscc.startsWith('91') && i.risk === 'GOOD')!;
  const penalties = (uscc: string, token?: string) =>
    gql(market, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { marketPenalties(first: 100) { id publicityStatus publicityEnd decisionDocNo } } } }', { r: [{ __typename: 'Institution', uscc }] }, token, token ? 'SUPERVISION_INSPECTION' : undefined);

  it('publishes a GENERAL decision for a year and keeps a MINOR one unpublished', async () => {
    const target = company();
    const samr = await harness.token({ scopes: ['market:penalty:write', 'market:penalty:read'], consumer: 'samr-market-supervision', region: target.regionCode, agency: 'samr-branch' });
    const record = (tier: string, docNo: string) => gql(market, `mutation($input: RecordPenaltyInput!) { recordPenaltyDecision(input: $input) { id state version window { published publicityEnd repairEligibleFrom regime } history { type } } }`, {
      input: { uscc: target.uscc, tier, violationType: '虚假宣传', facts: '宣称“保过”与事实不符', penaltyContent: '罚款人民币5000元', fineCny: 5000, decidedOn: '2026-11-10',
        legalBasis: '反不正当竞争法 第八条', decisionDocNo: docNo, expectedVersion: 0, idempotencyKey: idempotencyKey(tier) },
    }, samr);
    const general = await record('GENERAL', '市监罚〔2026〕101号');
    expect(general.data!.recordPenaltyDecision).toMatchObject({ state: 'IN_FORCE', version: 1, window: { published: true, publicityEnd: '2027-11-09', repairEligibleFrom: '2027-02-10', regime: 'GOV-2025-22' } });
    const minor = await record('MINOR', '市监罚〔2026〕102号');
    expect(minor.data!.recordPenaltyDecision.window.published).toBe(false);
    const publicView = (await penalties(target.uscc)).data!._entities[0].marketPenalties.map((p: { decisionDocNo: string }) => p.decisionDocNo);
    expect(publicView).toContain('市监罚〔2026〕101号');
    expect(publicView).not.toContain('市监罚〔2026〕102号');
    const scoped = (await penalties(target.uscc, samr)).data!._entities[0].marketPenalties;
    expect(scoped.find((p: { decisionDocNo: string }) => p.decisionDocNo === '市监罚〔2026〕102号').publicityStatus).toBe('NOT_PUBLISHED');
    const revoked = await gql(market, 'mutation($input: PenaltyTransitionInput!) { transitionPenaltyDecision(input: $input) { state } }', {
      input: { penaltyId: general.data!.recordPenaltyDecision.id, command: 'REVOKE_DECISION', legalBasis: '行政复议决定', decisionDocNo: '复〔2026〕1号', expectedVersion: 1, idempotencyKey: idempotencyKey('rv') },
    }, samr);
    expect(revoked.data!.transitionPenaltyDecision.state).toBe('REVOKED');
    expect((await penalties(target.uscc)).data!._entities[0].marketPenalties.map((p: { decisionDocNo: string }) => p.decisionDocNo)).not.toContain('市监罚〔2026〕101号');
  });

  it('lists and delists abnormal operation, and the feed shows it only to listing-scope holders', async () => {
    const target = company();
    const samr = await harness.token({ scopes: ['market:listing:write', 'market:listing:read'], consumer: 'samr-market-supervision', region: target.regionCode });
    const listed = await gql(market, 'mutation($input: ListAbnormalInput!) { listAbnormalOperation(input: $input) { id state } }', {
      input: { uscc: target.uscc, reason: 'UNREACHABLE_AT_ADDRESS', legalBasis: '企业经营异常名录管理暂行办法 第十条', decisionDocNo: '市监异〔2026〕9号', expectedVersion: 0, idempotencyKey: idempotencyKey('ab') },
    }, samr);
    expect(listed.data!.listAbnormalOperation.state).toBe('LISTED');
    const removed = await gql(market, 'mutation($input: AbnormalListingTransitionInput!) { transitionAbnormalListing(input: $input) { state removedOn removalReason } }', {
      input: { listingId: listed.data!.listAbnormalOperation.id, command: 'DELIST', removalReason: '已通过登记的住所取得联系', legalBasis: '企业经营异常名录管理暂行办法 第十三条', decisionDocNo: '市监移〔2026〕9号', expectedVersion: 1, idempotencyKey: idempotencyKey('dl') },
    }, samr);
    expect(removed.data!.transitionAbnormalListing).toEqual({ state: 'REMOVED', removedOn: '2026-11-20', removalReason: '已通过登记的住所取得联系' });
    const feed = (token: string) => gql(market, '{ marketEvents(types: ["ABNORMAL_LISTING"], first: 100) { edges { node { type recordId } } } }', {}, token, 'SUPERVISION_INSPECTION');
    const seen = (await feed(samr)).data!.marketEvents.edges.map((e: { node: { recordId: string } }) => e.node.recordId);
    expect(seen).toContain(listed.data!.listAbnormalOperation.id);
    const other = await harness.token({ scopes: ['market:penalty:read'], consumer: 'ndrc-credit-platform' });
    expect((await feed(other)).data!.marketEvents.edges).toEqual([]);
  });

  it('issues a rectification order and a notice, each with its first event', async () => {
    const target = data.institutions[1]!;
    const edu = await harness.token({ scopes: ['education:rectification:write', 'education:notice:write'], region: target.regionCode });
    const order = await gql(education, 'mutation($input: IssueRectificationInput!) { issueRectificationOrder(input: $input) { state version dueOn items history { type } } }', {
      input: { uscc: target.uscc, items: ['预收费未纳入监管账户'], dueOn: '2027-02-20', legalBasis: '校外培训行政处罚暂行办法 第二十条', decisionDocNo: '教整〔2026〕3号', expectedVersion: 0, idempotencyKey: idempotencyKey('ro') },
    }, edu);
    expect(order.data!.issueRectificationOrder).toEqual({ state: 'ISSUED', version: 1, dueOn: '2027-02-20', items: ['预收费未纳入监管账户'], history: [{ type: 'RECTIFICATION_ORDER.ISSUE' }] });
    const notice = await gql(education, 'mutation($input: IssueNoticeInput!) { issueNotice(input: $input) { state audience documentNo } }', {
      input: { uscc: target.uscc, audience: 'PUBLIC', kind: 'RISK_WARNING', title: '关于某机构预收费风险的通报', legalBasis: '教发〔2019〕11号', decisionDocNo: '教通〔2026〕5号', expectedVersion: 0, idempotencyKey: idempotencyKey('nt') },
    }, edu);
    expect(notice.data!.issueNotice).toEqual({ state: 'ISSUED', audience: 'PUBLIC', documentNo: '教通〔2026〕5号' });
  });

  it('leaves the verification of a rectification order to the body that issued it, not to a higher one', async () => {
    const target = data.institutions[3]!;
    const county = target.regionCode;
    const province = `${county.slice(0, 2)}0000`;
    const officer = (sub: string, agency: string, region: string) => harness.token({ scopes: ['education:rectification:write'], region, agency, sub });
    const issuer = await officer('officer-1', `edu-${county}`, county);
    const issued = await gql(education, 'mutation($input: IssueRectificationInput!) { issueRectificationOrder(input: $input) { id } }', {
      input: { uscc: target.uscc, items: ['教师资格信息未公示'], dueOn: '2027-01-20', legalBasis: '校外培训行政处罚暂行办法 第二十条', decisionDocNo: '教整〔2026〕8号', expectedVersion: 0, idempotencyKey: idempotencyKey('ro') },
    }, issuer);
    const orderId = issued.data!.issueRectificationOrder.id as string;
    const step = (command: string, version: number, token: string, extra: Record<string, unknown> = {}) => gql(education, 'mutation($input: RectificationTransitionInput!) { transitionRectificationOrder(input: $input) { state version } }', {
      input: { orderId, command, expectedVersion: version, idempotencyKey: idempotencyKey(command), ...extra },
    }, token);
    // Evidence is recorded by whoever receives it, here the province.
    const provincial = await officer('officer-p', `edu-${province}`, province);
    expect((await step('SUBMIT_EVIDENCE', 1, provincial, { evidence: ['公示截图 2026-11-19'] })).data!.transitionRectificationOrder).toEqual({ state: 'EVIDENCE_SUBMITTED', version: 2 });
    const refused = await step('VERIFY_PASS', 2, provincial);
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_ISSUER', issuedBy: `edu-${county}` });
    // Another officer of the issuing bureau verifies it.
    expect((await step('VERIFY_PASS', 2, await officer('officer-2', `edu-${county}`, county))).data!.transitionRectificationOrder).toEqual({ state: 'VERIFIED_PASS', version: 3 });
  });

  it('takes a lead (举报) from MOE through local verification, the province\'s review and MOE\'s audit, with the 15-working-day clock', async () => {
    const target = data.institutions[4]!;
    const county = target.regionCode;
    const officer = (region: string, agency: string, scopes = ['education:lead:write']) => harness.token({ scopes, region, agency, sub: `officer-${agency}` });
    const moe = await officer('000000', 'moe');
    const local = await officer(county, `edu-${county}`);
    const province = await officer(`${county.slice(0, 2)}0000`, `edu-${county.slice(0, 2)}0000`);
    const LEAD = 'id state version dueOn allowedCommands outcome category channel complaintTrackingNo history { type }';
    const receive = (input: Record<string, unknown>) => gql(education, `mutation($input: ReceiveLeadInput!) { receiveViolationLead(input: $input) { ${LEAD} } }`, {
      input: { uscc: target.uscc, category: 'HOLIDAY_SUBJECT_TRAINING', channel: 'DUDAO_WECHAT', facts: '国庆假期以“研学营”名义开展学科类培训', expectedVersion: 0, idempotencyKey: idempotencyKey('lead'), ...input },
    }, moe);
    // A lead from a complaint names one about the same institution.
    expect((await receive({ channel: 'COMPLAINT' })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.complaintTrackingNo' });
    expect((await receive({ channel: 'COMPLAINT', complaintTrackingNo: 'TS20261101ABCDEFGH' })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_FOUND' });
    const received = await receive({});
    expect(received.errors).toBeUndefined();
    const lead = received.data!.receiveViolationLead;
    expect(lead).toMatchObject({ state: 'RECEIVED', version: 1, dueOn: null, allowedCommands: ['SCREEN', 'DISCARD'], channel: 'DUDAO_WECHAT', outcome: null });
    const step = async (token: string, command: string, version: number, extra: Record<string, unknown> = {}) => gql(education, `mutation($input: LeadTransitionInput!) { transitionViolationLead(input: $input) { ${LEAD} } }`, {
      input: { leadId: lead.id, command, expectedVersion: version, idempotencyKey: idempotencyKey(command), ...extra },
    }, token);
    // Screening and assignment are MOE's; verification the local department's.
    expect((await step(local, 'SCREEN', 1)).errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LEVEL_NOT_ALLOWED', allowedLevels: ['NATIONAL'] });
    await step(moe, 'SCREEN', 1);
    await step(moe, 'ASSIGN', 2);
    const verifying = (await step(local, 'START_VERIFICATION', 3)).data!.transitionViolationLead;
    // 15 working days from the Beijing day, by the rules' calendar.
    const due = createDeadlines(loadCalendar()).due('lead.verification', chinaToday(harness.clock.now)).dueOn;
    expect(verifying).toMatchObject({ state: 'VERIFYING', version: 4, dueOn: due });
    expect(due >= addDays(chinaToday(harness.clock.now), 21)).toBe(true);
    expect((await step(local, 'OPEN_CASE', 4, { legalBasis: '校外培训行政处罚暂行办法 第十六条' })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REQUIRED_BY_LAW', argument: 'input.decisionDocNo' });
    expect((await step(local, 'OPEN_CASE', 4, { legalBasis: '校外培训行政处罚暂行办法 第十六条', decisionDocNo: '海教立〔2026〕7号' })).data!.transitionViolationLead).toMatchObject({ state: 'CASE_OPENED', dueOn: null });
    expect((await step(local, 'COMMUNICATE_RESULT', 5)).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.outcome' });
    expect((await step(local, 'COMMUNICATE_RESULT', 5, { outcome: 'FINE' })).data!.transitionViolationLead).toMatchObject({ state: 'RESULT_COMMUNICATED', outcome: 'FINE' });
    // The province reviews, finds the verification thin and sends it back: the clock starts again.
    expect((await step(local, 'REVIEW', 6)).errors![0]!.extensions).toMatchObject({ reason: 'LEVEL_NOT_ALLOWED', allowedLevels: ['PROVINCE'] });
    await step(province, 'REVIEW', 6);
    expect((await step(province, 'REOPEN', 7)).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.detail' });
    expect((await step(province, 'REOPEN', 7, { detail: '核查未覆盖线下研学营' })).data!.transitionViolationLead).toMatchObject({ state: 'VERIFYING', version: 8, dueOn: due });
    await step(local, 'NO_CASE', 8, { legalBasis: '经核查不构成违规' });
    expect((await step(local, 'COMMUNICATE_RESULT', 9, { outcome: 'FINE' })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.outcome' });
    await step(local, 'COMMUNICATE_RESULT', 9, { outcome: 'NO_ACTION' });
    await step(province, 'REVIEW', 10);
    await step(moe, 'AUDIT', 11);
    const closed = (await step(moe, 'CLOSE', 12)).data!.transitionViolationLead;
    expect(closed).toMatchObject({ state: 'CLOSED', version: 13, outcome: 'NO_ACTION', allowedCommands: [] });
    expect(closed.history.map((e: { type: string }) => e.type.split('.')[1])).toEqual([
      'RECEIVE', 'SCREEN', 'ASSIGN', 'START_VERIFICATION', 'OPEN_CASE', 'COMMUNICATE_RESULT', 'REVIEW', 'REOPEN', 'NO_CASE', 'COMMUNICATE_RESULT', 'REVIEW', 'AUDIT', 'CLOSE',
    ]);
    // Complaint handlers read the leads on the institution; an anonymous caller does not.
    const read = (token?: string) => gql(education, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { violationLeads(first: 5) { id state facts } } } }', { r: [{ __typename: 'Institution', uscc: target.uscc }] }, token, 'COMPLAINT_HANDLING');
    const [newest, ...older] = (await read(await officer(county, `edu-${county}`, ['education:complaint:read']))).data!._entities[0].violationLeads as { id: string }[];
    expect(newest).toEqual({ id: lead.id, state: 'CLOSED', facts: '国庆假期以“研学营”名义开展学科类培训' });
    // The others are the seed's: leads its complaints revealed.
    for (const seeded of older) expect(seeded.id).toMatch(new RegExp(`^JB-${target.uscc}-Q\\d{2}$`));
    expect((await read()).errors![0]!.extensions!.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  });

  it('shows notices to the public to anyone, without a token, until withdrawn; notices to agencies never', async () => {
    const target = data.institutions[2]!;
    const edu = await harness.token({ scopes: ['education:notice:write'], region: target.regionCode });
    const issue = (audience: string, docNo: string) => gql(education, 'mutation($input: IssueNoticeInput!) { issueNotice(input: $input) { id version } }', {
      input: { uscc: target.uscc, audience, kind: 'RISK_WARNING', title: `关于${audience}的通报`, legalBasis: '教发〔2019〕11号', decisionDocNo: docNo, expectedVersion: 0, idempotencyKey: idempotencyKey('pn') },
    }, edu);
    const toPublic = (await issue('PUBLIC', '教通〔2026〕21号')).data!.issueNotice;
    await issue('AGENCIES', '教通〔2026〕22号');
    const anonymous = () => gql(education, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { publicNotices(first: 10) { id kind title documentNo issuedOn } } } }', { r: [{ __typename: 'Institution', uscc: target.uscc }] });
    const seen = await anonymous();
    expect(seen.errors).toBeUndefined();
    expect(seen.data!._entities[0].publicNotices).toEqual([{ id: toPublic.id, kind: 'RISK_WARNING', title: '关于PUBLIC的通报', documentNo: '教通〔2026〕21号', issuedOn: '2026-11-20' }]);
    // The full record (audience, history) stays with notice readers.
    const full = await gql(education, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { notices(first: 10) { id } } } }', { r: [{ __typename: 'Institution', uscc: target.uscc }] });
    expect(full.errors![0]!.extensions!.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    const withdrawn = await gql(education, 'mutation($input: NoticeTransitionInput!) { transitionNotice(input: $input) { state } }', {
      input: { noticeId: toPublic.id, command: 'WITHDRAW', legalBasis: '复核撤回', expectedVersion: 1, idempotencyKey: idempotencyKey('wd') },
    }, edu);
    expect(withdrawn.data!.transitionNotice.state).toBe('WITHDRAWN');
    expect((await anonymous()).data!._entities[0].publicNotices).toEqual([]);
  });

  it('opens a custody arrangement for a new institution: the account kept masked, balances at zero, once only', async () => {
    const finance = harness.app('finance', stores.location('finance'));
    try {
      const uscc = '91110108MA01WR1TXL';
      const pboc = await harness.token({ scopes: ['finance:custody:write'], consumer: 'pboc-financial-supervision', region: '110108', agency: 'pboc-110108' });
      const open = (patch: Record<string, unknown>) => gql(finance, 'mutation($input: OpenCustodyInput!) { openPrepaidCustody(input: $input) { state version balanceCny prepaidFeesOutstandingCny balancesAsOf history { type payload } } }', {
        input: { uscc, mode: 'BANK_CUSTODY', custodyBankName: '招商银行北京海淀支行', accountNo: '6222 0000 1111 2345', legalBasis: '教监管函〔2021〕2号', expectedVersion: 0, idempotencyKey: idempotencyKey('open'), ...patch },
      }, pboc);
      expect((await open({ mode: 'RISK_RESERVE' })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.reserveAmountCny' });
      expect((await open({ accountNo: '1234' })).errors![0]!.extensions).toMatchObject({ argument: 'input.accountNo' });
      const opened = await open({});
      expect(opened.errors).toBeUndefined();
      expect(opened.data!.openPrepaidCustody).toMatchObject({ state: 'ACTIVE', version: 1, balanceCny: 0, prepaidFeesOutstandingCny: 0, balancesAsOf: '2026-11-20',
        history: [{ type: 'CUSTODY.OPEN', payload: { mode: 'BANK_CUSTODY', accountNoMasked: '6222 **** **** 2345' } }] });
      expect(JSON.stringify(opened.data)).not.toContain('6222000011112345');
      expect((await open({})).errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 1 });
      const read = await gql(finance, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { prepaidCustody { mode accountNoMasked balanceCny settlementState custodyVersion } } } }',
        { r: [{ __typename: 'Institution', uscc }] }, await harness.token({ scopes: ['finance:custody:read'], consumer: 'pboc-financial-supervision' }), 'PREPAID_FEE_SUPERVISION');
      expect(read.data!._entities[0].prepaidCustody).toEqual({ mode: 'BANK_CUSTODY', accountNoMasked: '6222 **** **** 2345', balanceCny: 0, settlementState: 'ACTIVE', custodyVersion: 1 });
    } finally {
      await finance.close();
    }
  });
});
