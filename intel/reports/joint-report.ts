import { createHash } from 'node:crypto';
import { machine } from '../../subgraphs/shared/commands/state-machine';
import type { Deadlines } from '../../subgraphs/shared/commands/working-days';
import { chinaToday } from '../../common/china-day';
import type { ReportFacts, Step } from './report-facts';
import { childOf, divisions, levelOf, prefixOf, type RegionLevel } from './regions';

/** Bumped whenever what a report counts or how it prints changes: it is part of the inputs hash. */
export const REPORT_VERSION = 'joint-report/2';

export const COMPLAINT_CATEGORIES = ['REFUND', 'FALSE_ADVERTISING', 'TEACHING_QUALITY', 'UNQUALIFIED_TRAINER', 'OVERCHARGING', 'PERSONAL_DATA', 'OTHER'] as const;

export interface ReportRequest {
  /** GB/T 2260 code: 000000 the country, a province, a prefecture or a county. */
  readonly region: string;
  readonly from: string;
  readonly to: string;
}

/** One row: a division one level below the report's region, or the total. Counts only; rates are derived when printed. */
export interface ReportRow {
  readonly code: string;
  readonly name: string;
  institutions: number;
  listWhite: number;
  listGrey: number;
  listBlack: number;
  listNone: number;
  complaints: number;
  readonly byCategory: Record<string, number>;
  acceptanceDecided: number;
  acceptanceOnTime: number;
  mediationConcluded: number;
  mediationSettled: number;
  mediationOnTime: number;
  penalties: number;
  finesCny: number;
  rectificationsDue: number;
  rectificationsOnTime: number;
  inspected: number;
  custodyInstitutions: number;
  custodyBalanceCny: number;
  custodyRequiredCny: number;
  custodyCompliant: number;
  alertsYellow: number;
  alertsRed: number;
  readonly alertsByState: Record<string, number>;
}

export interface JointReport {
  readonly version: string;
  readonly region: string;
  readonly regionName: string;
  readonly level: RegionLevel;
  readonly from: string;
  readonly to: string;
  /** The data cut-off: the end of `to`, China time. Nothing recorded after it is counted. */
  readonly cutoff: string;
  readonly codeTableVersion: string;
  readonly calendarVersion: string;
  /** SHA-256 of the request and every input as clipped to the cut-off: the same inputs, the same bytes. */
  readonly inputsHash: string;
  readonly rows: readonly ReportRow[];
  readonly total: ReportRow;
}

export const ALERT_STATES = ['RAISED', 'ACKNOWLEDGED', 'ASSESSED', 'DISPOSED', 'CLOSED', 'FALSE_POSITIVE'] as const;

function emptyRow(code: string, name: string): ReportRow {
  return {
    code, name, institutions: 0, listWhite: 0, listGrey: 0, listBlack: 0, listNone: 0, complaints: 0,
    byCategory: Object.fromEntries(COMPLAINT_CATEGORIES.map((c) => [c, 0])),
    acceptanceDecided: 0, acceptanceOnTime: 0, mediationConcluded: 0, mediationSettled: 0, mediationOnTime: 0,
    penalties: 0, finesCny: 0, rectificationsDue: 0, rectificationsOnTime: 0, inspected: 0,
    custodyInstitutions: 0, custodyBalanceCny: 0, custodyRequiredCny: 0, custodyCompliant: 0,
    alertsYellow: 0, alertsRed: 0, alertsByState: Object.fromEntries(ALERT_STATES.map((s) => [s, 0])),
  };
}

/** The end of a day in China (UTC+8, no daylight saving) as an ISO instant. */
export function endOfChinaDay(day: string): string {
  return new Date(Date.parse(`${day}T23:59:59.999+08:00`)).toISOString();
}

/** The finance subgraph's rule (prepaid_custody's shortfall): max(0, required − balance), rounded to the fen. */
const shortfallCny = (c: { balanceCny: number; requiredCny: number }): number => Math.round(Math.max(0, c.requiredCny - c.balanceCny) * 100) / 100;
const dayOf = (iso: string): string => chinaToday(iso);
const inPeriod = (day: string, r: ReportRequest): boolean => day >= r.from && day <= r.to;
const until = (events: readonly Step[], cutoff: string): Step[] => events.filter((e) => e.at <= cutoff);
const firstOf = (events: readonly Step[], types: readonly string[]): Step | undefined => events.find((e) => types.includes(e.type));

/**
 * The facts as they stood at the cut-off: later events, complaints and penalties are not there,
 * and the list status and custody are the ones their histories give for then (as read, for a
 * record without one).
 */
function clip(f: ReportFacts, cutoff: string, cutoffDay: string): ReportFacts {
  const listChanges = f.listChanges.filter((c) => c.at <= cutoff);
  const custodyChanges = f.custodyChanges.filter((c) => c.at <= cutoff);
  const custodyThen = custodyChanges.at(-1);
  return {
    ...f,
    listStatus: f.listChanges.length === 0 ? f.listStatus : (listChanges.at(-1)?.status ?? null),
    listChanges,
    custody: f.custodyChanges.length === 0 ? f.custody
      : custodyThen ? { balanceCny: custodyThen.balanceCny, requiredCny: custodyThen.requiredCny, compliant: shortfallCny(custodyThen) === 0 } : null,
    custodyChanges,
    complaints: f.complaints.filter((c) => c.receivedOn <= cutoffDay).map((c) => ({ ...c, events: until(c.events, cutoff) })),
    penalties: f.penalties.filter((p) => p.decidedOn <= cutoffDay),
    rectifications: f.rectifications.map((o) => ({ ...o, events: until(o.events, cutoff) })),
    inspectedOn: f.inspectedOn.filter((d) => d <= cutoffDay),
    alerts: f.alerts.filter((a) => a.raisedAt <= cutoff).map((a) => ({ ...a, events: until(a.events, cutoff) })),
  };
}

function add(row: ReportRow, f: ReportFacts, request: ReportRequest, deadlines: Deadlines, cutoffDay: string): void {
  row.institutions += 1;
  if (f.listStatus === 'WHITE') row.listWhite += 1;
  else if (f.listStatus === 'GREY') row.listGrey += 1;
  else if (f.listStatus === 'BLACK') row.listBlack += 1;
  else row.listNone += 1;

  for (const c of f.complaints) {
    if (!inPeriod(c.receivedOn, request)) continue;
    row.complaints += 1;
    const category = (COMPLAINT_CATEGORIES as readonly string[]).includes(c.category) ? c.category : 'OTHER';
    row.byCategory[category] = (row.byCategory[category] ?? 0) + 1;
    // Acceptance (SAMR Order 20 art. 14): decided within 7 working days of receipt; a complaint
    // still undecided counts once its deadline has passed by the cut-off.
    const acceptanceDue = deadlines.due('complaint.acceptance', c.receivedOn).dueOn;
    const decided = firstOf(c.events, ['COMPLAINT.ACCEPT', 'COMPLAINT.DECLINE', 'COMPLAINT.TRANSFER']);
    if (decided || acceptanceDue < cutoffDay) {
      row.acceptanceDecided += 1;
      if (decided && dayOf(decided.at) <= acceptanceDue) row.acceptanceOnTime += 1;
    }
    const accepted = firstOf(c.events, ['COMPLAINT.ACCEPT']);
    const concluded = firstOf(c.events, ['COMPLAINT.SETTLE', 'COMPLAINT.TERMINATE_MEDIATION']);
    if (accepted && concluded) {
      row.mediationConcluded += 1;
      if (concluded.type === 'COMPLAINT.SETTLE') row.mediationSettled += 1;
      if (dayOf(concluded.at) <= deadlines.due('complaint.mediation', dayOf(accepted.at)).dueOn) row.mediationOnTime += 1;
    }
  }

  for (const p of f.penalties) {
    if (!inPeriod(p.decidedOn, request)) continue;
    row.penalties += 1;
    row.finesCny += p.fineCny ?? 0;
  }

  // Rectification on time: orders falling due in the period (by the cut-off), verified by their due date.
  for (const o of f.rectifications) {
    if (!o.dueOn || !inPeriod(o.dueOn, request) || o.dueOn > cutoffDay) continue;
    row.rectificationsDue += 1;
    const passed = firstOf(o.events, ['RECTIFICATION_ORDER.VERIFY_PASS']);
    if (passed && dayOf(passed.at) <= o.dueOn) row.rectificationsOnTime += 1;
  }

  if (f.inspectedOn.some((d) => inPeriod(d, request))) row.inspected += 1;

  if (f.custody) {
    row.custodyInstitutions += 1;
    row.custodyBalanceCny += f.custody.balanceCny;
    row.custodyRequiredCny += f.custody.requiredCny;
    if (f.custody.compliant) row.custodyCompliant += 1;
  }

  const alertMachine = machine('RISK_ALERT');
  for (const a of f.alerts) {
    if (!inPeriod(dayOf(a.raisedAt), request)) continue;
    if (a.level === 'RED') row.alertsRed += 1;
    else row.alertsYellow += 1;
    const last = a.events.at(-1);
    const state = last ? alertMachine.transitions.get(last.type.split('.')[1] ?? '')?.to ?? a.state : a.state;
    row.alertsByState[state] = (row.alertsByState[state] ?? 0) + 1;
  }
}

function sumInto(total: ReportRow, row: ReportRow): void {
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'number') (total as unknown as Record<string, number>)[key] = ((total as unknown as Record<string, number>)[key] ?? 0) + value;
  }
  for (const [c, n] of Object.entries(row.byCategory)) total.byCategory[c] = (total.byCategory[c] ?? 0) + n;
  for (const [s, n] of Object.entries(row.alertsByState)) total.alertsByState[s] = (total.alertsByState[s] ?? 0) + n;
}

/**
 * The report for a region and a period, from the facts read for it. Pure and deterministic: rows
 * in code order, money rounded to the fen, the hash over the request and the clipped facts.
 */
export function buildJointReport(request: ReportRequest, facts: readonly ReportFacts[], deadlines: Deadlines): JointReport {
  const table = divisions();
  const cutoff = endOfChinaDay(request.to);
  const prefix = prefixOf(request.region);
  const clipped = facts.filter((f) => f.regionCode.startsWith(prefix)).map((f) => clip(f, cutoff, request.to)).sort((a, b) => (a.uscc < b.uscc ? -1 : 1));
  const rows = new Map<string, ReportRow>();
  for (const f of clipped) {
    const code = childOf(request.region, f.regionCode);
    let row = rows.get(code);
    if (!row) rows.set(code, (row = emptyRow(code, table.name(code))));
    add(row, f, request, deadlines, request.to);
  }
  const ordered = [...rows.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
  const total = emptyRow(request.region, table.name(request.region));
  for (const row of ordered) sumInto(total, row);
  for (const row of [...ordered, total]) {
    row.finesCny = Math.round(row.finesCny * 100) / 100;
    row.custodyBalanceCny = Math.round(row.custodyBalanceCny * 100) / 100;
    row.custodyRequiredCny = Math.round(row.custodyRequiredCny * 100) / 100;
  }
  const inputsHash = createHash('sha256')
    .update(JSON.stringify({ version: REPORT_VERSION, request, cutoff, calendar: deadlines.calendar.version, codeTable: table.codeTableVersion, facts: clipped }))
    .digest('hex');
  return {
    version: REPORT_VERSION, region: request.region, regionName: table.name(request.region), level: levelOf(request.region),
    from: request.from, to: request.to, cutoff, codeTableVersion: table.codeTableVersion, calendarVersion: deadlines.calendar.version,
    inputsHash, rows: ordered, total,
  };
}
