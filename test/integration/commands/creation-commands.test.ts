import type { FastifyInstance } from 'fastify';
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
    // An order from before records kept issuedBy: its first event names the issuer.
    const db = stores.db('education');
    const row = (await db.prepare<{ data: string }>("SELECT data FROM state_records WHERE kind = 'rectification-order' AND id = @id").get({ id: orderId }))!;
    const { issuedBy, ...older } = JSON.parse(row.data) as Record<string, unknown>;
    expect(issuedBy).toEqual({ agency: `edu-${county}`, region: county });
    await db.prepare("UPDATE state_records SET data = @data WHERE kind = 'rectification-order' AND id = @id").run({ id: orderId, data: JSON.stringify(older) });
    expect((await step('VERIFY_PASS', 2, provincial)).errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_ISSUER', issuedBy: `edu-${county}` });
    // Another officer of the issuing bureau verifies it.
    expect((await step('VERIFY_PASS', 2, await officer('officer-2', `edu-${county}`, county))).data!.transitionRectificationOrder).toEqual({ state: 'VERIFIED_PASS', version: 3 });
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
