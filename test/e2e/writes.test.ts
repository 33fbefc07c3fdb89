import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { makeUscc } from '../../common/identifiers';
import { PROJECT_ROOT } from '../../common/project-root';
import { loadPolicies } from '../../policies/load-policies';
import { startStack, type Stack } from '../../scripts/stack';
import { agencyDatabaseFile } from '../../subgraphs/shared/seed/seed-data-dir';
import { seededDataDir, type SeededDataDir } from '../helpers/seeded-data-dir';
import { createTestKeys, type TestKeys } from '../helpers/test-keys';

const run = promisify(execFile);

/**
 * Issue #10 through the real gateway process over real HTTP: every command a mutation on the
 * gateway, tokens signed by a test issuer, the five subgraphs and the gateway each their own
 * process (scripts/stack.ts), education checking finance through the gateway with its own
 * service token, deadlines counted on a calendar file given to the subgraphs.
 */

interface Answer {
  status: number;
  requestId: string;
  data: Record<string, any> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  /** When the answer arrived (ms since the epoch). */
  at: number;
}

/** Every write this file sends, to check each one's audit record at the end. */
interface SentWrite {
  readonly requestId: string;
  readonly variables: Record<string, unknown>;
  readonly consumer: string | null;
  readonly fields: readonly Record<string, string>[];
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const chinaDay = (ms: number) => new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
const nextDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Working days counted here on their own, not with the subgraphs' code: the calendar's rest days, weekends, make-up days. */
function addWorkingDays(start: string, count: number, holidays: ReadonlySet<string>, workdays: ReadonlySet<string>): string {
  let day = start;
  for (let counted = 0; counted < count; ) {
    day = nextDay(day);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const rest = workdays.has(day) ? false : holidays.has(day) || weekday === 0 || weekday === 6;
    if (!rest) counted += 1;
  }
  return day;
}

/** Sorted keys at every level, as a canonical form of the variables (RFC 8785 for these values). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A calendar version with a five-day holiday starting the day after tomorrow (China time) and a
 * make-up working Saturday after it, so that every deadline counted from today crosses a holiday,
 * whatever day the suite runs.
 */
function holidayCalendar(today: string) {
  const holidays: string[] = [];
  let day = nextDay(nextDay(today));
  for (let i = 0; i < 5; i += 1, day = nextDay(day)) holidays.push(day);
  while (new Date(`${day}T00:00:00Z`).getUTCDay() !== 6) day = nextDay(day);
  const workdays = [day];
  const years: Record<string, { status: string; source: string; holidays: string[][]; workdays: string[] }> = {};
  const year = (d: string) => (years[d.slice(0, 4)] ??= { status: 'verified', source: 'end-to-end test calendar', holidays: [], workdays: [] });
  year(today);
  year(`${Number(today.slice(0, 4)) + 1}-01-01`);
  for (const d of holidays) year(d).holidays.push([d, d, '测试假期']);
  for (const d of workdays) year(d).workdays.push(d);
  return {
    file: { versions: [{ version: 'E2E-TEST.1', published: today, years }] },
    holidays: new Set(holidays),
    workdays: new Set(workdays),
  };
}

describe('the write side through the running gateway (issue #10)', () => {
  let data: SeededDataDir;
  let keys: TestKeys;
  let stack: Stack;
  let calendar: ReturnType<typeof holidayCalendar>;
  const policies = loadPolicies();
  const started = new Date(Date.now() - 1000).toISOString();
  const sent: SentWrite[] = [];
  const tokens: Record<string, string> = {};
  const auditFile = () => join(data.dataDir, 'audit', 'audit.sqlite');

  const officer = (consumer: string, sub: string, region: string, agency: string) =>
    keys.sign({ scope: policies.consumers.get(consumer)!.scopes.join(' '), azp: consumer, sub, region, agency }, { expiresIn: '1h' });

  async function gw(query: string, variables: Record<string, unknown> = {}, token?: string, purpose?: string, operationName?: string): Promise<Answer> {
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(purpose ? { 'x-purpose': purpose } : {}) },
      body: JSON.stringify({ query, variables, ...(operationName ? { operationName } : {}) }),
    });
    const body = (await response.json()) as { data?: Record<string, any> | null; errors?: Answer['errors'] };
    return { status: response.status, requestId: response.headers.get('x-request-id')!, data: body.data ?? null, errors: body.errors, at: Date.now() };
  }

  /** A command through the gateway, remembered with what its audit record must say. */
  async function command(field: string, inputType: string, selection: string, input: Record<string, unknown>, who: string | null): Promise<Answer> {
    const variables = { input };
    const answer = await gw(`mutation Command($input: ${inputType}!) { ${field}(input: $input) { ${selection} } }`, variables, who ? tokens[who] : undefined, undefined, 'Command');
    const refusal = answer.errors?.[0]?.extensions;
    sent.push({
      requestId: answer.requestId, variables, consumer: who ? consumerOf[who]! : null,
      fields: [{
        field: `Mutation.${field}`, responseKey: field, outcome: answer.errors ? 'FAILED' : 'SUCCEEDED',
        ...(refusal ? { errorCode: refusal.code, ...(refusal.reason ? { reason: refusal.reason } : {}) } : {}),
      }],
    });
    return answer;
  }
  const consumerOf: Record<string, string> = {};

  /** The education bureau of a district (its officer token, made once). */
  async function bureau(region: string): Promise<string> {
    const who = `edu-${region}`;
    if (!tokens[who]) {
      tokens[who] = await officer('moe-supervision-platform', `officer-${region}`, region, who);
      consumerOf[who] = 'moe-supervision-platform';
    }
    return who;
  }

  /** The audit query API, as an operator runs it: `npm run audit -- query`. */
  async function auditRecords(filter: string[]): Promise<Record<string, any>[]> {
    const { stdout } = await run(process.execPath, [join(PROJECT_ROOT, 'dist/scripts/audit.js'), 'query', '--file', auditFile(), '--limit', '100000', ...filter]);
    return stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  }

  const eduDb = () => new Database(agencyDatabaseFile(data.dataDir, 'education'), { readonly: true });
  const fromEducation = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = eduDb();
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };

  /** Pages a feed to its end from a cursor, `first` at a time. */
  async function feed(field: string, types: string[], since: string | null, token: string, purpose?: string, first = 100, region = '110000') {
    const nodes: Record<string, any>[] = [];
    let cursor = since;
    let pages = 0;
    for (;;) {
      const page = await gw(`query($s: String, $t: [String!], $f: Int!, $r: String) { ${field}(since: $s, types: $t, region: $r, first: $f) {
        edges { cursor node { seq type uscc recordId fromState toState version actor { subject region agency } legalBasis payload } } hasNextPage endCursor } }`,
      { s: cursor, t: types, f: first, r: region }, token, purpose);
      expect(page.errors).toBeUndefined();
      const connection = page.data![field];
      nodes.push(...connection.edges.map((e: { node: unknown }) => e.node));
      pages += 1;
      cursor = connection.endCursor;
      if (!connection.hasNextPage) return { nodes, cursor, pages };
    }
  }

  beforeAll(async () => {
    data = seededDataDir(60, 31);
    keys = await createTestKeys();
    calendar = holidayCalendar(chinaDay(Date.now()));
    const calendarFile = join(data.dataDir, 'calendar.json');
    writeFileSync(calendarFile, JSON.stringify(calendar.file));
    const serviceTokenFile = join(data.dataDir, 'education-exit-check.token');
    writeFileSync(serviceTokenFile, await keys.sign({ scope: 'finance:custody:read', azp: 'education-exit-check', sub: 'education-exit-check:service', purpose: 'EXIT_SETTLEMENT_CHECK' }, { expiresIn: '1h' }));
    stack = await startStack({ dataDir: data.dataDir, ports: 'free', env: { ...keys.env, WORKING_DAY_CALENDAR_FILE: calendarFile }, serviceTokenFile });
    const people: [string, string, string, string, string][] = [
      ['county', 'moe-supervision-platform', 'officer-haidian-01', '110108', 'edu-110108'],
      ['province', 'moe-supervision-platform', 'officer-beijing-01', '110000', 'edu-110000'],
      ['outsider', 'moe-supervision-platform', 'officer-chaoyang-01', '110105', 'edu-110105'],
      ['pboc', 'pboc-financial-supervision', 'pboc-haidian-01', '110108', 'pboc-110108'],
    ];
    for (const [who, consumer, sub, region, agency] of people) {
      tokens[who] = await officer(consumer, sub, region, agency);
      consumerOf[who] = consumer;
    }
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    data?.remove();
  });

  const FILING = 'state version allowedCommands permitNo history { type fromState toState version actor { subject region } legalBasis decisionDocNo payload }';
  const CUSTODY = 'state version prepaidFeesOutstandingCny settlement { refundedCny }';
  const uscc = makeUscc('9', '1', '110108', 'MA0E2E01');
  const regulatory = (input: Record<string, unknown>, who: string) => command('transitionRegulatoryStatus', 'RegulatoryTransitionInput', FILING, input, who);
  const custody = (field: string, inputType: string, input: Record<string, unknown>) => command(field, inputType, CUSTODY, { uscc, ...input }, 'pboc');
  const exitChecks = async () => (await auditRecords(['--consumer', 'education-exit-check'])).length;

  it('takes a new institution in a county from filing to closure: the county bureau\'s steps, the province\'s, finance\'s check and settlement', async () => {
    const { cursor: educationCursor } = await feed('educationEvents', ['REGULATORY_STATUS'], null, tokens.county!);
    const { cursor: financeCursor } = await feed('financeEvents', ['CUSTODY'], null, tokens.pboc!, 'PREPAID_FEE_SUPERVISION');
    const today = chinaDay(Date.now());

    const filed = await command('submitFiling', 'SubmitFilingInput', `${FILING} filingNo`, {
      uscc, name: '北京海淀端到端在线教育科技有限公司', regionCode: '110108', regionName: '北京市海淀区', kind: 'LANGUAGE_TRAINING', nonProfit: false,
      expectedVersion: 0, idempotencyKey: 'e2e-life-001',
    }, 'county');
    expect(filed.errors).toBeUndefined();
    expect(filed.data!.submitFiling).toMatchObject({ state: 'SUBMITTED', version: 1, allowedCommands: ['START_REVIEW'] });

    // Review and approval are the approval authority's: the province's, not the county bureau's.
    const countyReview = await regulatory({ uscc, command: 'START_REVIEW', expectedVersion: 1, idempotencyKey: 'e2e-life-002' }, 'county');
    expect(countyReview.data).toBeNull();
    expect(countyReview.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LEVEL_NOT_ALLOWED', officerLevel: 'COUNTY', allowedLevels: ['PROVINCE'], serviceName: 'education' });
    expect((await regulatory({ uscc, command: 'START_REVIEW', expectedVersion: 1, idempotencyKey: 'e2e-life-003' }, 'province')).data!.transitionRegulatoryStatus.state).toBe('UNDER_REVIEW');
    const approved = await regulatory({
      uscc, command: 'APPROVE', expectedVersion: 2, legalBasis: '民办教育促进法 第十二条', decisionDocNo: '京教审〔2026〕101号', permitNo: '教民110108000000101号', idempotencyKey: 'e2e-life-004',
    }, 'province');
    expect(approved.data!.transitionRegulatoryStatus).toMatchObject({ state: 'APPROVED', version: 3, permitNo: '教民110108000000101号' });

    // Finance opens the custody arrangement and reports prepaid fees taken.
    const opened = await custody('openPrepaidCustody', 'OpenCustodyInput', {
      mode: 'BANK_CUSTODY', custodyBankName: '招商银行北京海淀支行', accountNo: '6214830100012345', legalBasis: '教监管函〔2021〕2号', expectedVersion: 0, idempotencyKey: 'e2e-fin-001',
    });
    expect(opened.data!.openPrepaidCustody).toMatchObject({ state: 'ACTIVE', version: 1, prepaidFeesOutstandingCny: 0 });
    const snapshot = (outstanding: number, version: number, key: string) => custody('recordCustodySnapshot', 'CustodySnapshotInput', {
      balanceCny: outstanding, prepaidFeesOutstandingCny: outstanding, balancesAsOf: today, expectedVersion: version, idempotencyKey: key,
    });
    expect((await snapshot(128_000, 1, 'e2e-fin-002')).data!.recordCustodySnapshot).toMatchObject({ version: 2, prepaidFeesOutstandingCny: 128_000 });

    // The county bureau's own steps: suspension and resumption, then exit.
    const law = (legalBasis: string, decisionDocNo?: string) => ({ legalBasis, ...(decisionDocNo ? { decisionDocNo } : {}) });
    const countySteps: [string, Record<string, unknown>][] = [
      ['SUSPEND_ENROLMENT', law('校外培训行政处罚暂行办法 第十二条', '海教罚〔2026〕31号')],
      ['RESUME_ENROLMENT', law('校外培训行政处罚暂行办法 第十二条', '海教罚〔2026〕32号')],
      ['START_TERMINATION', law('民办教育促进法 第五十六条')],
      ['START_LIQUIDATION', { ...law('民办教育促进法 第五十八条'), liquidator: '学校' }],
    ];
    let version = 3;
    for (const [step, extra] of countySteps) {
      const moved = await regulatory({ uscc, command: step, expectedVersion: version, idempotencyKey: `e2e-life-${step}`, ...extra }, 'county');
      expect([step, moved.errors]).toEqual([step, undefined]);
      version += 1;
      expect(moved.data!.transitionRegulatoryStatus.version).toBe(version);
    }
    expect(version).toBe(7);

    const close = (who: string, key: string) => regulatory({ uscc, command: 'CLOSE', expectedVersion: 7, legalBasis: '民办教育促进法 第六十条', decisionDocNo: '京教终〔2026〕9号', idempotencyKey: key }, who);
    // Closure is the province's too: the county bureau is refused before finance is even asked.
    const readsBefore = await exitChecks();
    expect((await close('county', 'e2e-close-1')).errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LEVEL_NOT_ALLOWED' });
    expect(await exitChecks()).toBe(readsBefore);
    // Finance reports fees not refunded: refused, saying what was read.
    const owed = await close('province', 'e2e-close-2');
    expect(owed.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNREFUNDED_PREPAID_FEES', custodyVersion: 2, settlementState: 'ACTIVE', balancesAsOf: today });
    expect(await exitChecks()).toBe(readsBefore + 1);
    // Refunded, but finance has not confirmed the settlement: still refused.
    expect((await snapshot(0, 2, 'e2e-fin-003')).data!.recordCustodySnapshot).toMatchObject({ version: 3, prepaidFeesOutstandingCny: 0 });
    expect((await close('province', 'e2e-close-3')).errors![0]!.extensions).toMatchObject({ reason: 'PREPAID_SETTLEMENT_NOT_CONFIRMED', custodyVersion: 3 });
    const settled = await custody('confirmPrepaidSettlement', 'ConfirmSettlementInput', {
      refundedCny: 128_000, refundedLearners: 64, legalBasis: '民办教育促进法 第五十九条', expectedVersion: 3, idempotencyKey: 'e2e-fin-004',
    });
    expect(settled.data!.confirmPrepaidSettlement).toEqual({ state: 'SETTLED', version: 4, prepaidFeesOutstandingCny: 0, settlement: { refundedCny: 128_000 } });

    const closed = await close('province', 'e2e-close-4');
    expect(closed.errors).toBeUndefined();
    const status = closed.data!.transitionRegulatoryStatus;
    expect(status).toMatchObject({ state: 'CLOSED', version: 8, allowedCommands: [] });
    const closing = status.history.at(-1);
    expect(closing).toMatchObject({ type: 'REGULATORY_STATUS.CLOSE', fromState: 'LIQUIDATING', toState: 'CLOSED', actor: { subject: 'officer-beijing-01', region: '110000' }, decisionDocNo: '京教终〔2026〕9号' });
    // The check that let it close: what finance said, at which version of its record, read when, through which gateway request.
    const check = closing.payload.exitCheck;
    expect(check).toMatchObject({ custodyOnRecord: true, prepaidFeesOutstandingCny: 0, settlementState: 'SETTLED', custodyVersion: 4, balancesAsOf: today });
    expect(Date.parse(check.readAt)).toBeGreaterThanOrEqual(Date.parse(started));
    expect(Date.parse(check.custodyAsOf)).not.toBeNaN();
    const [read] = (await auditRecords(['--consumer', 'education-exit-check'])).filter((r) => r.requestId === check.gatewayRequestId);
    expect(read).toMatchObject({ purpose: 'EXIT_SETTLEMENT_CHECK', subject: 'education-exit-check:service', usccs: [uscc] });
    expect(read.body.fieldsServed).toEqual(expect.arrayContaining(['PrepaidCustody.custodyVersion', 'PrepaidCustody.settlementState', 'PrepaidCustody.prepaidFeesOutstandingCny']));
    // SETTLED is final in finance's machine: nothing finance records later can undo what the closure read.
    expect((await snapshot(500, 4, 'e2e-fin-005')).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', currentState: 'SETTLED' });

    // The whole life in the profile, through the gateway ...
    const profile = await gw('query($u: USCC!) { institution(uscc: $u) { name filing { filingNo permitNo permitValidTo } regulatoryStatus { state version } } }', { u: uscc });
    expect(profile.data!.institution).toEqual({
      name: '北京海淀端到端在线教育科技有限公司', filing: { filingNo: filed.data!.submitFiling.filingNo, permitNo: '教民110108000000101号', permitValidTo: today },
      regulatoryStatus: { state: 'CLOSED', version: 8 },
    });
    // ... and in both agencies' feeds, polled from the cursors kept before, three events a page.
    const education = await feed('educationEvents', ['REGULATORY_STATUS'], educationCursor, tokens.county!, undefined, 3);
    expect(education.pages).toBe(3);
    const mine = education.nodes.filter((e) => e.uscc === uscc);
    expect(mine.map((e) => `${e.type} v${e.version} ${e.actor.region}`)).toEqual([
      'REGULATORY_STATUS.SUBMIT v1 110108', 'REGULATORY_STATUS.START_REVIEW v2 110000', 'REGULATORY_STATUS.APPROVE v3 110000',
      'REGULATORY_STATUS.SUSPEND_ENROLMENT v4 110108', 'REGULATORY_STATUS.RESUME_ENROLMENT v5 110108', 'REGULATORY_STATUS.START_TERMINATION v6 110108',
      'REGULATORY_STATUS.START_LIQUIDATION v7 110108', 'REGULATORY_STATUS.CLOSE v8 110000',
    ]);
    expect(mine.at(-1)!.payload.exitCheck.custodyVersion).toBe(4);
    const finance = await feed('financeEvents', ['CUSTODY'], financeCursor, tokens.pboc!, 'PREPAID_FEE_SUPERVISION');
    expect(finance.nodes.filter((e) => e.uscc === uscc).map((e) => `${e.type} v${e.version}`)).toEqual([
      'CUSTODY.OPEN v1', 'CUSTODY.RECORD_SNAPSHOT v2', 'CUSTODY.RECORD_SNAPSHOT v3', 'CUSTODY.CONFIRM_SETTLEMENT v4',
    ]);
    // Refused attempts changed nothing: the record's events are exactly its versions.
    expect(fromEducation<{ version: number }>("SELECT version FROM events WHERE record_kind = 'regulatory-status' AND record_id = ? ORDER BY seq", uscc).map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(fromEducation("SELECT command, region, code, reason FROM command_attempts WHERE record_id = ? AND outcome = 'REFUSED' ORDER BY rowid", uscc)).toEqual([
      { command: 'REGULATORY_STATUS.START_REVIEW', region: '110108', code: 'FORBIDDEN', reason: 'LEVEL_NOT_ALLOWED' },
      { command: 'REGULATORY_STATUS.CLOSE', region: '110108', code: 'FORBIDDEN', reason: 'LEVEL_NOT_ALLOWED' },
      { command: 'REGULATORY_STATUS.CLOSE', region: '110000', code: 'BAD_USER_INPUT', reason: 'UNREFUNDED_PREPAID_FEES' },
      { command: 'REGULATORY_STATUS.CLOSE', region: '110000', code: 'BAD_USER_INPUT', reason: 'PREPAID_SETTLEMENT_NOT_CONFIRMED' },
    ]);
  }, 120_000);

  it('lets a member of the public file and follow a complaint to its closure, with deadlines counted across a holiday', async () => {
    const name = '王端到端';
    const phone = '13987654321';
    const facts = '端到端测试：申请退还剩余课时费四十五日未获答复，客服电话无人接听。';
    const respondent = data.institutions.find((i) => i.risk === 'GOOD')!;
    const county = await bureau(respondent.regionCode);
    const { cursor } = await feed('educationEvents', ['COMPLAINT'], null, tokens[county]!, 'COMPLAINT_HANDLING', 100, respondent.regionCode);

    const submitted = await command('submitComplaint', 'SubmitComplaintInput', 'trackingNo accessCode receivedOn acceptanceDueOn', {
      idempotencyKey: 'e2e-complaint-0001', respondentUscc: respondent.uscc, category: 'REFUND', facts, request: '退还剩余课时费', complainantName: name, complainantPhone: phone,
    }, null);
    expect(submitted.status).toBe(200);
    expect(submitted.errors).toBeUndefined();
    const receipt = submitted.data!.submitComplaint;
    const acceptanceDue = addWorkingDays(receipt.receivedOn, 7, calendar.holidays, calendar.workdays);
    expect(receipt.acceptanceDueOn).toBe(acceptanceDue);
    // The holiday is what moved it: counted over weekends alone it would fall earlier.
    expect(addWorkingDays(receipt.receivedOn, 7, new Set(), new Set()) < acceptanceDue).toBe(true);
    // Sending the same submission again is the same complaint.
    const again = await gw('mutation($input: SubmitComplaintInput!) { submitComplaint(input: $input) { trackingNo accessCode } }', { input: {
      idempotencyKey: 'e2e-complaint-0001', respondentUscc: respondent.uscc, category: 'REFUND', facts, request: '退还剩余课时费', complainantName: name, complainantPhone: phone,
    } });
    expect(again.data!.submitComplaint).toEqual({ trackingNo: receipt.trackingNo, accessCode: receipt.accessCode });

    const follow = () => gw('query($t: String!, $c: String!) { complaintStatus(trackingNo: $t, accessCode: $c) { state dueOn steps { state on } } }', { t: receipt.trackingNo, c: receipt.accessCode });
    expect((await follow()).data!.complaintStatus).toEqual({ state: 'RECEIVED', dueOn: acceptanceDue, steps: [{ state: 'RECEIVED', on: receipt.receivedOn }] });
    const wrongCode = await gw('query($t: String!, $c: String!) { complaintStatus(trackingNo: $t, accessCode: $c) { state } }', { t: receipt.trackingNo, c: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' });
    expect(wrongCode.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_FOUND' });

    const move = (step: string, version: number, extra: Record<string, unknown> = {}) => command('transitionComplaint', 'ComplaintTransitionInput',
      'state version dueOn complainant { nameMasked phoneMasked } history { type occurredAt payload }',
      { trackingNo: receipt.trackingNo, command: step, expectedVersion: version, idempotencyKey: `e2e-complaint-${step}`, ...extra }, county);
    const accepted = await move('ACCEPT', 1);
    expect(accepted.errors).toBeUndefined();
    const acceptedOn = chinaDay(Date.parse(accepted.data!.transitionComplaint.history.at(-1).occurredAt));
    const mediationDue = addWorkingDays(acceptedOn, 45, calendar.holidays, calendar.workdays);
    expect(accepted.data!.transitionComplaint).toMatchObject({ state: 'ACCEPTED', dueOn: mediationDue, complainant: { nameMasked: '王***', phoneMasked: '139****4321' } });
    expect(accepted.data!.transitionComplaint.history.at(-1).payload.due).toEqual({ dueOn: mediationDue, rule: 'complaint.mediation', calendarVersion: 'E2E-TEST.1', provisional: false });
    expect((await move('START_MEDIATION', 2)).data!.transitionComplaint).toMatchObject({ state: 'MEDIATING', dueOn: mediationDue });
    const terminated = await move('TERMINATE_MEDIATION', 3, { legalBasis: '市场监督管理投诉举报处理暂行办法 第二十一条', detail: '双方未能达成调解协议' });
    const terminatedOn = chinaDay(Date.parse(terminated.data!.transitionComplaint.history.at(-1).occurredAt));
    expect(terminated.data!.transitionComplaint).toMatchObject({ state: 'MEDIATION_TERMINATED', dueOn: addWorkingDays(terminatedOn, 7, calendar.holidays, calendar.workdays) });
    expect((await move('CLOSE', 4, { detail: '已告知投诉人终止调解' })).data!.transitionComplaint).toMatchObject({ state: 'CLOSED', version: 5, dueOn: null });

    const followed = (await follow()).data!.complaintStatus;
    expect(followed.state).toBe('CLOSED');
    expect(followed.steps.map((s: { state: string }) => s.state)).toEqual(['RECEIVED', 'ACCEPTED', 'MEDIATING', 'MEDIATION_TERMINATED', 'CLOSED']);

    // The handling bureau's feed carries the complaint's steps, never who complained; a consumer
    // without the complaint scope sees none of them.
    const events = (await feed('educationEvents', ['COMPLAINT'], cursor, tokens[county]!, 'COMPLAINT_HANDLING', 100, respondent.regionCode)).nodes.filter((e) => e.recordId === receipt.trackingNo);
    expect(events.map((e) => e.type)).toEqual(['COMPLAINT.SUBMIT', 'COMPLAINT.ACCEPT', 'COMPLAINT.START_MEDIATION', 'COMPLAINT.TERMINATE_MEDIATION', 'COMPLAINT.CLOSE']);
    expect(events[0]!.actor.subject).toBe('public');
    expect(JSON.stringify(events)).not.toMatch(new RegExp(`${phone}|${name}`));
    expect((await feed('educationEvents', ['COMPLAINT'], null, tokens.pboc!, 'PREPAID_FEE_SUPERVISION')).nodes).toEqual([]);

    // The public's submission is audited without its author: no consumer, a keyed hash of the address.
    const [record] = (await auditRecords(['--since', started])).filter((r) => r.requestId === submitted.requestId);
    expect(record).toMatchObject({ consumer: null, outcome: 'SERVED', body: { operationType: 'mutation', clientHash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    // Neither the name, the phone nor the facts are anywhere in the audit files or, in the clear, in education's.
    const auditDir = join(data.dataDir, 'audit');
    const files = [...readdirSync(auditDir).filter((f) => f.startsWith('audit.sqlite')).map((f) => join(auditDir, f)),
      agencyDatabaseFile(data.dataDir, 'education'), `${agencyDatabaseFile(data.dataDir, 'education')}-wal`];
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const secret of [name, phone]) expect([file, secret, bytes.includes(Buffer.from(secret))]).toEqual([file, secret, false]);
    }
    for (const file of files.filter((f) => f.includes('audit'))) expect(readFileSync(file).includes(Buffer.from(facts))).toBe(false);
  }, 120_000);

  it('lets exactly one of several conflicting commands sent at once win; the others are CONFLICT and nothing is half-written', async () => {
    const target = data.institutions.filter((i) => i.risk === 'GOOD')[1]!;
    const who = await bureau(target.regionCode);
    const [{ version }] = fromEducation<{ version: number }>("SELECT version FROM state_records WHERE kind = 'regulatory-status' AND id = ?", target.uscc);
    const eventsBefore = fromEducation<{ n: number }>("SELECT count(*) AS n FROM events WHERE record_id = ?", target.uscc)[0]!.n;
    const inputs = Array.from({ length: 6 }, (_, i) => i % 2 === 0
      ? { uscc: target.uscc, command: 'SUSPEND_ENROLMENT', expectedVersion: version, idempotencyKey: `e2e-race-${i}`, legalBasis: '校外培训行政处罚暂行办法 第十二条', decisionDocNo: `海教罚〔2026〕${40 + i}号` }
      : { uscc: target.uscc, command: 'START_TERMINATION', expectedVersion: version, idempotencyKey: `e2e-race-${i}`, legalBasis: '民办教育促进法 第五十六条' });
    const answers = await Promise.all(inputs.map((input) => regulatory(input, who)));
    const won = answers.filter((a) => !a.errors);
    const lost = answers.filter((a) => a.errors);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(5);
    for (const answer of lost) {
      expect(answer.data).toBeNull();
      expect(answer.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: version + 1, expectedVersion: version, serviceName: 'education' });
    }
    const winner = won[0]!.data!.transitionRegulatoryStatus;
    expect(winner.version).toBe(version + 1);
    const [record] = fromEducation<{ state: string; version: number }>("SELECT state, version FROM state_records WHERE kind = 'regulatory-status' AND id = ?", target.uscc);
    expect(record).toEqual({ state: winner.state, version: version + 1 });
    expect(fromEducation<{ n: number }>('SELECT count(*) AS n FROM events WHERE record_id = ?', target.uscc)[0]!.n).toBe(eventsBefore + 1);
    const attempts = fromEducation<{ outcome: string; code: string | null }>("SELECT outcome, code FROM command_attempts WHERE record_id = ? AND command IN ('REGULATORY_STATUS.SUSPEND_ENROLMENT', 'REGULATORY_STATUS.START_TERMINATION')", target.uscc);
    expect(attempts.filter((a) => a.outcome === 'APPLIED')).toHaveLength(1);
    expect(attempts.filter((a) => a.outcome === 'REFUSED' && a.code === 'CONFLICT')).toHaveLength(5);
    const profile = await gw('query($u: USCC!) { institution(uscc: $u) { regulatoryStatus { state version } } }', { u: target.uscc });
    expect(profile.data!.institution.regulatoryStatus).toEqual({ state: winner.state, version: version + 1 });

    // Idempotent replays through the gateway: the winner's request again is the same answer and no
    // new transition; a loser's key was never used up, so it is refused again; a key reused for
    // another input is refused as such.
    const winnerInput = inputs[answers.findIndex((a) => !a.errors)]!;
    const replay = await regulatory(winnerInput, who);
    expect(replay.data).toEqual(won[0]!.data);
    const loserInput = inputs[answers.findIndex((a) => a.errors)]!;
    expect((await regulatory(loserInput, who)).errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: version + 1 });
    const reused = await regulatory({ ...winnerInput, expectedVersion: version + 1 }, who);
    expect(reused.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(fromEducation<{ n: number }>('SELECT count(*) AS n FROM events WHERE record_id = ?', target.uscc)[0]!.n).toBe(eventsBefore + 1);
  }, 60_000);

  it('refuses an officer outside the county, and audits the denial in the gateway\'s log and the agency\'s', async () => {
    const target = makeUscc('9', '1', '110108', 'MA0E2E02');
    const denied = await command('submitFiling', 'SubmitFilingInput', 'state', {
      uscc: target, name: '北京海淀越界测试在线教育有限公司', regionCode: '110108', regionName: '北京市海淀区', kind: 'LANGUAGE_TRAINING', nonProfit: false,
      expectedVersion: 0, idempotencyKey: 'e2e-outside-001',
    }, 'outsider');
    expect(denied.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_REGION', officerRegion: '110105', recordRegion: '110108' });
    const onRecord = await command('transitionRegulatoryStatus', 'RegulatoryTransitionInput', 'state', {
      uscc, command: 'SUSPEND_ENROLMENT', expectedVersion: 8, legalBasis: 'x', decisionDocNo: 'y', idempotencyKey: 'e2e-outside-002',
    }, 'outsider');
    expect(onRecord.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_REGION' });
    const overdue = await gw('{ overdueComplaints(region: "110108") { edges { node { trackingNo } } } }', {}, tokens.outsider, 'COMPLAINT_HANDLING');
    expect(overdue.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_REGION' });

    const records = await auditRecords(['--consumer', 'moe-supervision-platform', '--since', started]);
    for (const answer of [denied, onRecord]) {
      const [record] = records.filter((r) => r.requestId === answer.requestId);
      expect(record).toMatchObject({ subject: 'officer-chaoyang-01', outcome: 'SERVED_WITH_ERRORS', body: { operationType: 'mutation', errorCodes: ['FORBIDDEN'] } });
      expect(record.body.mutationFields).toEqual([expect.objectContaining({ outcome: 'FAILED', errorCode: 'FORBIDDEN', reason: 'OUTSIDE_REGION' })]);
    }
    expect(fromEducation("SELECT command, subject, region, code, reason FROM command_attempts WHERE record_id IN (?, ?) AND subject = 'officer-chaoyang-01'", target, uscc)).toEqual([
      { command: 'REGULATORY_STATUS.SUBMIT', subject: 'officer-chaoyang-01', region: '110105', code: 'FORBIDDEN', reason: 'OUTSIDE_REGION' },
      { command: 'REGULATORY_STATUS.SUSPEND_ENROLMENT', subject: 'officer-chaoyang-01', region: '110105', code: 'FORBIDDEN', reason: 'OUTSIDE_REGION' },
    ]);
    expect(fromEducation('SELECT id FROM state_records WHERE id = ?', target)).toEqual([]);
  });

  it('shows a licence revoked in market and a BLACK listing in education in the profile within the same second', async () => {
    const company = data.institutions.filter((i) => i.risk === 'GOOD' && i.uscc.startsWith('91'))[2]!;
    const office = company.uscc.slice(2, 8);
    tokens.samr = await officer('samr-market-supervision', 'samr-officer-01', office, `samr-${office}`);
    consumerOf.samr = 'samr-market-supervision';
    const educationBureau = await bureau(company.regionCode);
    const PROFILE = 'query($u: USCC!) { institution(uscc: $u) { registration { status } businessLicence { state version revokedOn } filing { listStatus } listEntry { state legalBasis } } }';
    const joint = await keys.sign({ scope: policies.consumers.get('joint-conference')!.scopes.join(' '), azp: 'joint-conference', sub: 'analyst-1', purpose: 'JOINT_SUPERVISION_REPORT' });
    const profile = () => gw(PROFILE, { u: company.uscc }, joint);
    expect((await profile()).data!.institution).toMatchObject({ registration: { status: 'OPERATING' }, businessLicence: { state: 'OPERATING' }, filing: { listStatus: 'WHITE' }, listEntry: { state: 'WHITE' } });

    const revoked = await command('transitionBusinessLicence', 'LicenceTransitionInput', 'state version', {
      uscc: company.uscc, command: 'REVOKE', expectedVersion: 1, legalBasis: '市场主体登记管理条例 第四十条', decisionDocNo: '市监吊〔2026〕77号', idempotencyKey: 'e2e-revoke-001',
    }, 'samr');
    expect(revoked.data!.transitionBusinessLicence).toEqual({ state: 'REVOKED', version: 2 });
    const afterRevoke = await profile();
    expect(afterRevoke.data!.institution).toMatchObject({ registration: { status: 'REVOKED' }, businessLicence: { state: 'REVOKED', version: 2, revokedOn: chinaDay(revoked.at) } });
    expect(afterRevoke.at - revoked.at).toBeLessThan(1000);

    const list = (step: string, version: number, key: string) => command('transitionListStatus', 'ListTransitionInput', 'state version', {
      uscc: company.uscc, command: step, expectedVersion: version, legalBasis: '营业执照被依法吊销', decisionDocNo: '教黑〔2026〕7号', idempotencyKey: key,
    }, educationBureau);
    expect((await list('REMOVE_FROM_WHITE', 1, 'e2e-black-001')).data!.transitionListStatus.state).toBe('REMOVED_PENDING_RECTIFICATION');
    const black = await list('LIST_BLACK', 2, 'e2e-black-002');
    expect(black.data!.transitionListStatus).toEqual({ state: 'BLACK', version: 3 });
    const afterBlack = await profile();
    expect(afterBlack.data!.institution).toMatchObject({
      registration: { status: 'REVOKED' }, businessLicence: { state: 'REVOKED' }, filing: { listStatus: 'BLACK' }, listEntry: { state: 'BLACK', legalBasis: '营业执照被依法吊销' },
    });
    expect(afterBlack.at - black.at).toBeLessThan(1000);
  });

  it('has one audit record per write: the mutation fields and outcomes, a hash of the variables and never a value', async () => {
    expect(sent.length).toBeGreaterThan(30);
    const records = new Map((await auditRecords(['--since', started])).map((r) => [r.requestId, r]));
    for (const write of sent) {
      const record = records.get(write.requestId);
      expect([write.requestId, record !== undefined]).toEqual([write.requestId, true]);
      expect(record!.consumer).toBe(write.consumer);
      expect(record!.body).toMatchObject({ operationName: 'Command', operationType: 'mutation', variablesHash: createHash('sha256').update(canonical(write.variables)).digest('hex') });
      expect([write.requestId, record!.body.mutationFields]).toEqual([write.requestId, write.fields]);
      // The variables' values appear nowhere in the record (the institutions it touched are indexed
      // from the answer, not from the variables).
      const text = JSON.stringify(record!.body);
      const values = Object.values(write.variables.input as Record<string, unknown>).filter((v): v is string => typeof v === 'string' && v.length >= 4 && !/^(SUBMITTED|[A-Z_]+)$/.test(v));
      for (const value of values) expect([write.requestId, value, text.includes(value)]).toEqual([write.requestId, value, false]);
    }
    // Nothing the callers sent as variables is in the audit files at all, except the USCCs the answers name.
    const bytes = readdirSync(join(data.dataDir, 'audit')).filter((f) => f.startsWith('audit.sqlite')).map((f) => readFileSync(join(data.dataDir, 'audit', f)));
    const secrets = ['京教审〔2026〕101号', '教民110108000000101号', '6214830100012345', '学校', 'e2e-life-004', 'e2e-complaint-0001', '民办教育促进法 第五十九条'];
    for (const secret of secrets) expect([secret, bytes.some((b) => b.includes(Buffer.from(secret)))]).toEqual([secret, false]);
    const { stdout } = await run(process.execPath, [join(PROJECT_ROOT, 'dist/scripts/audit.js'), 'verify', '--file', auditFile()]);
    expect(stdout).toMatch(/^audit log OK/);
  });
});
