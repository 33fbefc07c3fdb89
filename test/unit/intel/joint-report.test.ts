import { createDeadlines, loadCalendar } from '../../../subgraphs/shared/commands/working-days';
import { buildJointReport } from '../../../intel/reports/joint-report';
import { reportCsv } from '../../../intel/reports/report-csv';
import { normaliseReportFacts, type RawReportFacts, type ReportFacts } from '../../../intel/reports/report-facts';
import { childOf, levelOf, prefixOf } from '../../../intel/reports/regions';

const deadlines = createDeadlines(loadCalendar());
const facts = (uscc: string, regionCode: string, extra: Partial<ReportFacts> = {}): ReportFacts => ({
  uscc, regionCode, listStatus: 'WHITE', listChanges: [], complaints: [], penalties: [], rectifications: [], inspectedOn: [], custody: null, custodyChanges: [], alerts: [], ...extra,
});

describe('joint-conference report', () => {
  it('rolls GB/T 2260 codes up district → city → province → country', () => {
    expect(['000000', '440000', '440300', '440305'].map(levelOf)).toEqual(['COUNTRY', 'PROVINCE', 'CITY', 'DISTRICT']);
    expect(['000000', '440000', '440300', '440305'].map(prefixOf)).toEqual(['', '44', '4403', '440305']);
    expect(['000000', '440000', '440300'].map((r) => childOf(r, '440305'))).toEqual(['440000', '440300', '440305']);
  });

  it('counts acceptance on time in working days and only what was recorded by the cut-off', () => {
    const request = { region: '440000', from: '2026-01-01', to: '2026-03-31' };
    const complaint = (id: string, receivedOn: string, decidedAt: string | null) => ({ id, category: 'REFUND', state: 'ACCEPTED', receivedOn, events: decidedAt ? [{ type: 'COMPLAINT.ACCEPT', at: decidedAt }] : [] });
    const report = buildJointReport(request, [
      // Friday 2026-01-09 + 7 working days = Tuesday 2026-01-20.
      facts('A', '440305', { complaints: [complaint('Q1', '2026-01-09', '2026-01-20T02:00:00Z'), complaint('Q2', '2026-01-09', '2026-01-21T02:00:00Z')] }),
      facts('B', '440106', { complaints: [complaint('Q3', '2026-03-31', null), complaint('Q4', '2026-04-02', null)], penalties: [{ id: 'P', decidedOn: '2026-02-01', fineCny: 1000.005 }] }),
      facts('C', '110108'),
    ], deadlines);
    expect(report.rows.map((r) => r.code)).toEqual(['440100', '440300']);
    expect(report.total).toEqual(expect.objectContaining({ institutions: 2, complaints: 3, acceptanceDecided: 2, acceptanceOnTime: 1, penalties: 1, finesCny: 1000.01 }));
    expect(report.cutoff).toBe('2026-03-31T15:59:59.999Z');
  });

  it('counts a rectification verified by its issued due date as on time, though a verified order no longer has a running deadline', () => {
    const order = (id: string, dueOn: string | null, issuedDue: string, verifiedAt: string | null) => ({
      id, state: verifiedAt ? 'VERIFIED_PASS' : 'ISSUED', dueOn,
      history: [
        { type: 'RECTIFICATION_ORDER.ISSUE', occurredAt: '2026-01-05T02:00:00Z', payload: { items: ['x'], dueOn: issuedDue } },
        ...(verifiedAt ? [{ type: 'RECTIFICATION_ORDER.SUBMIT_EVIDENCE', occurredAt: verifiedAt, payload: {} }, { type: 'RECTIFICATION_ORDER.VERIFY_PASS', occurredAt: verifiedAt, payload: {} }] : []),
      ],
    });
    const raw = (uscc: string, orders: ReturnType<typeof order>[]): RawReportFacts => ({
      uscc, regionCode: '440305', filing: null, complaintCases: [], marketPenalties: [], rectificationOrders: orders, inspectionTasks: [], inspections: [], prepaidCustody: null, riskAlerts: [],
    });
    const report = buildJointReport({ region: '440000', from: '2026-01-01', to: '2026-03-31' }, [
      normaliseReportFacts(raw('A', [order('R1', null, '2026-02-01', '2026-01-30T02:00:00Z'), order('R2', null, '2026-02-01', '2026-02-03T02:00:00Z')])),
      normaliseReportFacts(raw('B', [order('R3', '2026-03-01', '2026-03-01', null)])),
    ], deadlines);
    expect(report.total).toEqual(expect.objectContaining({ rectificationsDue: 3, rectificationsOnTime: 1 }));
  });

  it('counts each institution under the list it was on at the cut-off, by its list history', () => {
    const request = { region: '440000', from: '2026-01-01', to: '2026-03-31' };
    const raw = (uscc: string, listStatus: string, history: { toState: string; occurredAt: string }[]): RawReportFacts => ({
      uscc, regionCode: '440305', filing: { listStatus }, listEntry: { history }, complaintCases: [], marketPenalties: [], rectificationOrders: [], inspectionTasks: [], inspections: [], prepaidCustody: null, riskAlerts: [],
    });
    const inputs = [
      // White until after the cut-off (01:00 Beijing time on 1 April is still March in UTC), black now.
      raw('A', 'BLACK', [{ toState: 'WHITE', occurredAt: '2025-06-01T02:00:00Z' }, { toState: 'REMOVED_PENDING_RECTIFICATION', occurredAt: '2026-03-31T17:00:00Z' }, { toState: 'BLACK', occurredAt: '2026-06-01T02:00:00Z' }]),
      // Removed pending rectification within the period.
      raw('B', 'WHITE', [{ toState: 'WHITE', occurredAt: '2025-06-01T02:00:00Z' }, { toState: 'REMOVED_PENDING_RECTIFICATION', occurredAt: '2026-02-01T02:00:00Z' }, { toState: 'WHITE', occurredAt: '2026-05-01T02:00:00Z' }]),
      // Listed only after the cut-off: on no list then.
      raw('C', 'WHITE', [{ toState: 'WHITE', occurredAt: '2026-04-10T02:00:00Z' }]),
      // No history (a record from before): as read.
      raw('D', 'GREY', []),
    ].map(normaliseReportFacts);
    const report = buildJointReport(request, inputs, deadlines);
    expect(report.total).toEqual(expect.objectContaining({ institutions: 4, listWhite: 1, listGrey: 2, listBlack: 0, listNone: 1 }));
    // What happened after the cut-off does not change the report, not even its inputs hash.
    const later = inputs.map((f) => (f.uscc === 'A' ? { ...f, listStatus: 'WHITE', listChanges: [...f.listChanges, { status: 'WHITE', at: '2026-09-01T02:00:00Z' }] } : f));
    expect(reportCsv(buildJointReport(request, later, deadlines)).equals(reportCsv(report))).toBe(true);
  });

  it('counts custody as its snapshots stood at the cut-off', () => {
    const request = { region: '440000', from: '2026-01-01', to: '2026-03-31' };
    const raw = (uscc: string, history: { type: string; occurredAt: string; payload?: Record<string, unknown> }[]): RawReportFacts => ({
      uscc, regionCode: '440305', filing: null, complaintCases: [], marketPenalties: [], rectificationOrders: [], inspectionTasks: [], inspections: [], riskAlerts: [],
      // As read today: every one covered.
      prepaidCustody: { balanceCny: 1000, prepaidFeesOutstandingCny: 1000, requiredRatio: 1, compliant: true },
      custodyRecord: { history },
    });
    const snapshot = (occurredAt: string, balanceCny: number, prepaidFeesOutstandingCny: number) => ({ type: 'CUSTODY.RECORD_SNAPSHOT', occurredAt, payload: { balanceCny, prepaidFeesOutstandingCny, balancesAsOf: occurredAt.slice(0, 10) } });
    const report = buildJointReport(request, [
      // Short at the cut-off, covered since.
      raw('A', [{ type: 'CUSTODY.OPEN', occurredAt: '2025-06-01T02:00:00Z' }, snapshot('2026-03-01T02:00:00Z', 400, 1000), snapshot('2026-05-01T02:00:00Z', 1000, 1000)]),
      // Covered to the fen at the cut-off.
      raw('B', [{ type: 'CUSTODY.OPEN', occurredAt: '2025-06-01T02:00:00Z' }, snapshot('2026-03-31T15:00:00Z', 500.006, 500.01)]),
      // Opened after the cut-off: not under custody then.
      raw('C', [{ type: 'CUSTODY.OPEN', occurredAt: '2026-04-02T02:00:00Z' }, snapshot('2026-04-03T02:00:00Z', 1000, 1000)]),
    ].map(normaliseReportFacts), deadlines);
    expect(report.total).toEqual(expect.objectContaining({ custodyInstitutions: 2, custodyCompliant: 1, custodyBalanceCny: 900.01, custodyRequiredCny: 1500.01 }));
  });

  it('prints the same bytes for the same inputs, whatever order they came in, and quotes what needs quoting', () => {
    const request = { region: '440000', from: '2026-01-01', to: '2026-03-31' };
    const inputs = [facts('A', '440305'), facts('B', '440106', { listStatus: 'BLACK' })];
    const one = reportCsv(buildJointReport(request, inputs, deadlines));
    const two = reportCsv(buildJointReport(request, [...inputs].reverse(), deadlines));
    expect(one.equals(two)).toBe(true);
    expect([...one.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = one.toString('utf8');
    expect(text).toContain('"名单状态与资金监管为数据截止时状态；受理、调解、整改按时率按工作日计算；比率无分母时留空。"'.replace(/"/g, '') );
    expect(text.split('\r\n').find((l) => l.startsWith('440000,'))).toMatch(/^440000,广东省,2,1,0,1,/);
    expect(reportCsv(buildJointReport(request, [facts('A', '440305', { listStatus: 'GREY' })], deadlines)).equals(one)).toBe(false);
  });
});
