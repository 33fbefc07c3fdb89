import type { Actor } from '../../shared/commands/actor';
import { createSeedHistoryWriter, type SeedTransition } from '../../shared/seed/seed-history-writer';
import { createDeadlines, loadCalendar, type Deadlines } from '../../shared/commands/working-days';
import type { SqliteDatabase } from '../../shared/database';
import { addDays, laterDate } from '../../shared/seed/seed-dates';
import { SEED_TODAY } from '../../shared/seed/seed-institution';

/** Seeded decisions were taken by the district bureau through the MOE platform. */
export function seedActor(regionCode: string, agency: string): Actor {
  return { subject: `seed:officer-${agency}-${regionCode}`, consumer: 'moe-supervision-platform', agency: `${agency}-${regionCode}`, region: regionCode };
}

const LEGACY_TO_MACHINE: Readonly<Record<string, readonly [string, string][]>> = {
  RECEIVED: [['SUBMIT', 'RECEIVED']],
  IN_PROGRESS: [['SUBMIT', 'RECEIVED'], ['ACCEPT', 'ACCEPTED'], ['START_MEDIATION', 'MEDIATING']],
  RESOLVED: [['SUBMIT', 'RECEIVED'], ['ACCEPT', 'ACCEPTED'], ['START_MEDIATION', 'MEDIATING'], ['SETTLE', 'SETTLED'], ['CLOSE', 'CLOSED']],
  DISMISSED: [['SUBMIT', 'RECEIVED'], ['DECLINE', 'NOT_ACCEPTED']],
};

/**
 * Gives every seeded institution the history behind its current state: the filing approved (and
 * revoked for a black-listed one), the list decisions, each complaint's handling and the leads some
 * complaints revealed, each inspection and notice. Read back from the rows the seed just wrote, so the two cannot disagree.
 */
export function seedEducationHistories(db: SqliteDatabase): void {
  const write = createSeedHistoryWriter(db);
  const deadlines = createDeadlines(loadCalendar());
  const rows = db.prepare(
    `SELECT i.uscc, i.region_code AS regionCode, i.registered_on AS registeredOn, f.filing_no AS filingNo, f.list_status AS listStatus,
            f.permit_no AS permitNo, f.permit_valid_from AS permitValidFrom, f.permit_valid_to AS permitValidTo
     FROM institutions i JOIN filings f ON f.uscc = i.uscc ORDER BY i.uscc`,
  ).all() as { uscc: string; regionCode: string; registeredOn: string; filingNo: string; listStatus: string; permitNo: string | null; permitValidFrom: string | null; permitValidTo: string | null }[];
  const notificationsOf = db.prepare('SELECT id, kind, document_no AS documentNo, title, issued_on AS issuedOn FROM notifications WHERE uscc = ? ORDER BY issued_on, id');
  const complaintsOf = db.prepare('SELECT id, category, status, received_on AS receivedOn, resolved_on AS resolvedOn, summary FROM complaints WHERE uscc = ? ORDER BY id');
  const inspectionsOf = db.prepare('SELECT id, inspected_on AS inspectedOn, kind, result, findings FROM inspections WHERE uscc = ? ORDER BY id');
  for (const inst of rows) {
    const actor = seedActor(inst.regionCode, 'edu');
    const record = (kind: string, id: string, data: Record<string, unknown>, dueOn: string | null = null) => ({ kind, id, uscc: inst.uscc, regionCode: inst.regionCode, data, dueOn });
    const notices = notificationsOf.all(inst.uscc) as { id: string; kind: string; documentNo: string; title: string; issuedOn: string }[];
    const approval = notices.find((n) => n.kind === 'FILING_APPROVED');
    const trouble = notices.find((n) => n.kind !== 'FILING_APPROVED');
    const troubleOn = trouble ? laterDate(trouble.issuedOn, addDays(inst.registeredOn, 1)) : null;

    const filing: SeedTransition[] = [
      { command: 'SUBMIT', to: 'SUBMITTED', on: inst.registeredOn },
      { command: 'START_REVIEW', to: 'UNDER_REVIEW', on: inst.registeredOn },
      { command: 'APPROVE', to: 'APPROVED', on: inst.registeredOn, legalBasis: '教基函〔2019〕8号', decisionDocNo: approval?.documentNo ?? null, payload: { permitNo: inst.permitNo } },
    ];
    if (trouble?.kind === 'FILING_WITHDRAWN') {
      filing.push({ command: 'REVOKE', to: 'REVOKED', on: troubleOn!, legalBasis: '校外培训行政处罚暂行办法 (MOE Order 53) art. 4: 吊销许可证件', decisionDocNo: trouble.documentNo });
    }
    write('REGULATORY_STATUS', record('regulatory-status', inst.uscc, {
      filingNo: inst.filingNo, permitNo: inst.permitNo, permitValidFrom: inst.permitValidFrom, permitValidTo: inst.permitValidTo,
      decisionDocNo: filing.at(-1)!.decisionDocNo,
    }), actor, filing, 'DRAFT');

    const listing: SeedTransition[] = [{ command: 'LIST_WHITE', to: 'WHITE', on: inst.registeredOn, legalBasis: '教基函〔2019〕8号 (备案审查通过)' }];
    let listDue: string | null = null;
    if (inst.listStatus === 'GREY' || inst.listStatus === 'BLACK') {
      const removedOn = inst.listStatus === 'BLACK' ? laterDate(addDays(troubleOn!, -100), addDays(inst.registeredOn, 1)) : troubleOn!;
      listing.push({ command: 'REMOVE_FROM_WHITE', to: 'REMOVED_PENDING_RECTIFICATION', on: removedOn, legalBasis: '严重违规，责令整改期间移出白名单', payload: { reason: trouble?.title } });
      listDue = deadlines.due('list.white-rectification', removedOn).dueOn;
      if (inst.listStatus === 'BLACK') {
        listing.push({ command: 'LIST_BLACK', to: 'BLACK', on: laterDate(troubleOn!, addDays(removedOn, 1)), legalBasis: '整改逾期未通过核验', decisionDocNo: trouble?.documentNo ?? null });
        listDue = null;
      }
    }
    write('LIST_STATUS', record('list-entry', inst.uscc, { legalBasis: listing.at(-1)!.legalBasis, reason: null, listedOn: listing.at(-1)!.on }, listDue), actor, listing, 'NONE');

    for (const n of notices) {
      write('NOTICE', record('notice', n.id, { audience: 'AGENCIES', kind: n.kind, title: n.title, documentNo: n.documentNo, issuedOn: n.issuedOn }), actor,
        [{ command: 'ISSUE', to: 'ISSUED', on: n.issuedOn, legalBasis: '教发〔2019〕11号', decisionDocNo: n.documentNo }], 'NONE');
      if (n.kind === 'RECTIFICATION_NOTICE') {
        const order = rectificationHistory(n, inst.listStatus);
        write('RECTIFICATION_ORDER', record('rectification-order', `${n.id}-RO`, { items: [n.title], issuedOn: n.issuedOn, evidence: order.evidence }, order.dueOn), actor, order.steps, 'NONE');
      }
    }

    for (const c of complaintsOf.all(inst.uscc) as { id: string; category: string; status: string; receivedOn: string; resolvedOn: string | null; summary: string }[]) {
      const steps = LEGACY_TO_MACHINE[c.status] ?? LEGACY_TO_MACHINE.RECEIVED!;
      const end = c.resolvedOn ?? c.receivedOn;
      const transitions = steps.map(([command, to], i) => ({
        command, to, on: i === steps.length - 1 && i > 0 ? end : c.receivedOn,
        ...(command === 'DECLINE' ? { legalBasis: '市场监督管理投诉举报处理暂行办法 art. 15' } : {}),
      }));
      const last = transitions.at(-1)!;
      const dueOn = last.to === 'RECEIVED' ? deadlines.due('complaint.acceptance', c.receivedOn).dueOn
        : last.to === 'MEDIATING' ? deadlines.due('complaint.mediation', c.receivedOn).dueOn : null;
      write('COMPLAINT', record('complaint', c.id, {
        trackingNo: c.id, category: c.category, facts: c.summary, request: null, receivedOn: c.receivedOn, complainant: null,
        dueRule: dueOn ? (last.to === 'RECEIVED' ? 'complaint.acceptance' : 'complaint.mediation') : null, calendarVersion: dueOn ? deadlines.calendar.version : null,
      }, dueOn), actor, transitions, 'NONE');
      const lead = leadHistory(c, deadlines);
      if (lead) write('VIOLATION_LEAD', record('violation-lead', `JB-${c.id}`, lead.data, lead.dueOn), actor, lead.steps, 'NONE');
    }

    for (const k of inspectionsOf.all(inst.uscc) as { id: string; inspectedOn: string; kind: string; result: string; findings: string }[]) {
      write('INSPECTION', record('inspection', k.id, { drawId: null, item: k.kind, inspectors: [], result: k.result, findings: k.findings, inspectedOn: k.inspectedOn, publishedOn: k.inspectedOn }), actor, [
        { command: 'DRAW', to: 'DRAWN', on: k.inspectedOn },
        { command: 'RECORD_RESULT', to: 'RESULT_RECORDED', on: k.inspectedOn, payload: { result: k.result } },
        { command: 'PUBLISH_RESULT', to: 'PUBLISHED', on: k.inspectedOn },
      ], 'NONE');
    }
  }
}

/**
 * How a seeded rectification order (90 days to put right) stands on the seed's day. An institution
 * still off the white list let it run out (OVERDUE) or sent evidence that failed verification (one
 * in three, by the order's number), or is still within its time; any other had it verified, most on
 * time and one in four ten days late.
 */
function rectificationHistory(n: { id: string; title: string; documentNo: string; issuedOn: string }, listStatus: string | null): { steps: SeedTransition[]; dueOn: string | null; evidence: string[] } {
  const dueOn = addDays(n.issuedOn, 90);
  const steps: SeedTransition[] = [{ command: 'ISSUE', to: 'ISSUED', on: n.issuedOn, legalBasis: '校外培训行政处罚暂行办法 (MOE Order 53): 责令改正', decisionDocNo: n.documentNo, payload: { items: [n.title], dueOn } }];
  const evidence = [`整改报告 ${n.documentNo}`];
  const submit = (on: string): SeedTransition => ({ command: 'SUBMIT_EVIDENCE', to: 'EVIDENCE_SUBMITTED', on, payload: { evidence } });
  const passed = dueOn < SEED_TODAY;
  const pick = [...n.id].reduce((sum, c) => sum + c.charCodeAt(0), 0);
  if (passed && (listStatus === 'BLACK' || listStatus === 'GREY')) {
    if (pick % 3 === 0) {
      steps.push(submit(addDays(n.issuedOn, 60)), { command: 'VERIFY_FAIL', to: 'VERIFIED_FAIL', on: addDays(n.issuedOn, 75) });
      return { steps, dueOn: null, evidence };
    }
    steps.push({ command: 'MARK_OVERDUE', to: 'OVERDUE', on: addDays(dueOn, 1) });
    return { steps, dueOn: null, evidence: [] };
  }
  const late = pick % 4 === 0 && addDays(dueOn, 10) < SEED_TODAY;
  if (late) {
    steps.push(submit(addDays(n.issuedOn, 80)), { command: 'VERIFY_PASS', to: 'VERIFIED_PASS', on: addDays(dueOn, 10) });
    return { steps, dueOn: null, evidence };
  }
  if (passed) {
    steps.push(submit(addDays(n.issuedOn, 30)), { command: 'VERIFY_PASS', to: 'VERIFIED_PASS', on: addDays(n.issuedOn, 45) });
    return { steps, dueOn: null, evidence };
  }
  if (addDays(n.issuedOn, 30) < SEED_TODAY) {
    steps.push(submit(addDays(n.issuedOn, 30)));
    return { steps, dueOn, evidence };
  }
  return { steps, dueOn, evidence: [] };
}

/** The complaints that reveal a violation education handles as a lead (machine E), by the lead's category. */
const LEAD_CATEGORY: Readonly<Record<string, string>> = {
  REFUND: 'REFUND_REFUSED', UNQUALIFIED_TRAINER: 'UNQUALIFIED', OVERCHARGING: 'OTHER', FALSE_ADVERTISING: 'OTHER',
};

/**
 * The lead one complaint in four of those categories revealed (channel COMPLAINT, received the day
 * the complaint was), as it stands on the seed's day: one in seven discarded as unclear at
 * screening; the others screened, assigned and verified within the 15 working days, then a case
 * opened (one in three, with a rectification order, fine or warning) or not, the result
 * communicated, reviewed by the province, audited and closed by MOE, each step ten days after the
 * one before it while the seed's day allows; one still verifying has its deadline running.
 */
function leadHistory(
  c: { id: string; category: string; receivedOn: string; summary: string },
  deadlines: Deadlines,
): { steps: SeedTransition[]; dueOn: string | null; data: Record<string, unknown> } | null {
  const category = LEAD_CATEGORY[c.category];
  const pick = [...c.id].reduce((sum, ch) => sum + ch.charCodeAt(0), 0);
  if (!category || pick % 4 !== 0) return null;
  const data: Record<string, unknown> = { category, channel: 'COMPLAINT', facts: c.summary, complaintTrackingNo: c.id, receivedOn: c.receivedOn, outcome: null };
  const steps: SeedTransition[] = [{ command: 'RECEIVE', to: 'RECEIVED', on: c.receivedOn, payload: { category, channel: 'COMPLAINT', complaintTrackingNo: c.id } }];
  if (pick % 7 === 0) {
    steps.push({ command: 'DISCARD', to: 'DISCARDED', on: addDays(c.receivedOn, 1), legalBasis: '线索不清、无法核实的，不予处理', payload: { detail: '举报内容不具体，无法核实' } });
    return { steps, dueOn: null, data };
  }
  const startedOn = addDays(c.receivedOn, 3);
  const due = deadlines.due('lead.verification', startedOn);
  steps.push(
    { command: 'SCREEN', to: 'SCREENED', on: addDays(c.receivedOn, 1) },
    { command: 'ASSIGN', to: 'ASSIGNED', on: addDays(c.receivedOn, 2) },
    { command: 'START_VERIFICATION', to: 'VERIFYING', on: startedOn, payload: { due } },
  );
  if (due.dueOn >= SEED_TODAY) return { steps, dueOn: due.dueOn, data };
  const caseOpened = pick % 3 === 0;
  const outcome = caseOpened ? (['RECTIFICATION', 'FINE', 'WARNING'] as const)[pick % 5 % 3]! : 'NO_ACTION';
  data.outcome = outcome;
  steps.push(
    caseOpened
      ? { command: 'OPEN_CASE', to: 'CASE_OPENED', on: due.dueOn, legalBasis: '校外培训行政处罚暂行办法 (MOE Order 53) 第十四条: 立案', decisionDocNo: `教监立〔${due.dueOn.slice(0, 4)}〕${pick % 900 + 100}号` }
      : { command: 'NO_CASE', to: 'NO_CASE', on: due.dueOn, legalBasis: '经核查，举报事项不属实或不构成违法' },
    { command: 'COMMUNICATE_RESULT', to: 'RESULT_COMMUNICATED', on: addDays(due.dueOn, 3), payload: { outcome } },
  );
  for (const [command, to] of [['REVIEW', 'REVIEWED_UPPER'], ['AUDIT', 'AUDITED'], ['CLOSE', 'CLOSED']] as const) {
    const on = addDays(steps.at(-1)!.on, 10);
    if (on >= SEED_TODAY) break;
    steps.push({ command, to, on });
  }
  return { steps, dueOn: null, data };
}
