import { chinaToday } from '../../common/china-day';
import type { InstitutionFacts } from '../facts/institution-facts';
import type { Comparison } from './risk-rules';

export type AlertLevel = 'YELLOW' | 'RED';

/** One fact that fired a rule: the agency, the record and its as-of time, the value compared. */
export interface Evidence {
  readonly agency: string;
  readonly fact: string;
  readonly recordRef: string;
  readonly asOf: string;
  readonly value: string | null;
  readonly threshold: number | null;
}

export interface Firing {
  readonly level: AlertLevel;
  readonly evidence: readonly Evidence[];
}

type Thresholds = Readonly<Record<string, number>>;
type Compare = (facts: InstitutionFacts, t: Thresholds, today: string) => Firing | null;

const MAX_EVIDENCE = 50;
const fire = (level: AlertLevel, evidence: Evidence[]): Firing => ({ level, evidence: evidence.slice(0, MAX_EVIDENCE) });
/** Machine A's states on the way out before CLOSED: the permit revoked, or termination or liquidation under way. */
const EXITING: ReadonlySet<string> = new Set(['REVOKED', 'TERMINATING', 'LIQUIDATING']);
const ratio = (x: number) => String(Math.round(x * 10_000) / 10_000);

function daysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The comparisons of supervision.md §6.5 over one institution's facts. What they compare is code;
 * every number they compare with is the rule's (rules/risk-rules.json, per region).
 */
export const COMPARE: Readonly<Record<Comparison, Compare>> = {
  // C4/C5: the supervised balance against the share of unearned fees it must cover.
  CUSTODY_COVERAGE(f, t) {
    const c = f.custody;
    if (!c || c.outstandingCny <= 0) return null;
    const coverage = c.balanceCny / (c.outstandingCny * c.requiredRatio);
    const belowMinimum = (t.minBalanceCny ?? 0) > 0 && c.balanceCny < t.minBalanceCny!;
    const level: AlertLevel | null = coverage < (t.redBelow ?? 0) ? 'RED' : coverage < (t.yellowBelow ?? 0) || belowMinimum ? 'YELLOW' : null;
    if (!level) return null;
    return fire(level, [
      { agency: 'finance', fact: 'custodyCoverage', recordRef: f.uscc, asOf: c.asOf, value: ratio(coverage), threshold: level === 'RED' ? t.redBelow! : t.yellowBelow! },
      { agency: 'finance', fact: 'balanceCny', recordRef: f.uscc, asOf: c.asOf, value: String(c.balanceCny), threshold: belowMinimum ? t.minBalanceCny! : null },
      { agency: 'finance', fact: 'prepaidFeesOutstandingCny', recordRef: f.uscc, asOf: c.asOf, value: String(c.outstandingCny), threshold: null },
    ]);
  },

  // C11: fees owed grow (sales) while the balance falls, between the last two snapshots.
  SALES_SPIKE_FALLING_BALANCE(f, t) {
    const [previous, latest] = f.snapshots.slice(-2);
    if (!previous || !latest || previous.outstandingCny <= 0 || previous.balanceCny <= 0) return null;
    const growth = latest.outstandingCny / previous.outstandingCny;
    const fall = 1 - latest.balanceCny / previous.balanceCny;
    if (fall <= (t.balanceFallAtLeast ?? 0)) return null;
    const level: AlertLevel | null = growth >= (t.redAtGrowth ?? Infinity) ? 'RED' : growth >= (t.yellowAtGrowth ?? Infinity) ? 'YELLOW' : null;
    if (!level) return null;
    return fire(level, [
      { agency: 'finance', fact: 'prepaidFeesGrowth', recordRef: f.uscc, asOf: latest.asOf, value: ratio(growth), threshold: level === 'RED' ? t.redAtGrowth! : t.yellowAtGrowth! },
      { agency: 'finance', fact: 'balanceFall', recordRef: f.uscc, asOf: latest.asOf, value: ratio(fall), threshold: t.balanceFallAtLeast ?? 0 },
      { agency: 'finance', fact: 'previousSnapshot', recordRef: f.uscc, asOf: previous.asOf, value: `${previous.balanceCny}/${previous.outstandingCny}`, threshold: null },
    ]);
  },

  // C9: refund complaints in the period.
  REFUND_COMPLAINTS(f, t, today) {
    const since = daysBefore(today, t.periodDays ?? 365);
    const refunds = f.complaints.filter((c) => c.category === 'REFUND' && c.status !== 'DISMISSED' && c.receivedOn >= since && c.receivedOn <= today);
    const level: AlertLevel | null = refunds.length >= (t.redAt ?? Infinity) ? 'RED' : refunds.length >= (t.yellowAt ?? Infinity) ? 'YELLOW' : null;
    if (!level) return null;
    const threshold = level === 'RED' ? t.redAt! : t.yellowAt!;
    return fire(level, refunds.map((c) => ({ agency: 'education', fact: 'refundComplaint', recordRef: c.id, asOf: c.receivedOn, value: c.status, threshold })));
  },

  // C1: on the education white list while market regulation revoked, listed or blacklisted it.
  WHITE_BUT_MARKET_TROUBLE(f) {
    if (f.list?.state !== 'WHITE') return null;
    const evidence: Evidence[] = [];
    let level: AlertLevel | null = null;
    if (f.registration?.status === 'REVOKED') {
      level = 'RED';
      evidence.push({ agency: 'market', fact: 'businessLicence', recordRef: f.uscc, asOf: f.registration.asOf, value: 'REVOKED', threshold: null });
    }
    for (const l of f.seriousListings) {
      level = 'RED';
      evidence.push({ agency: 'market', fact: 'seriousViolationListing', recordRef: l.id, asOf: l.listedOn, value: 'LISTED', threshold: null });
    }
    for (const l of f.abnormalListings) {
      level ??= 'YELLOW';
      evidence.push({ agency: 'market', fact: 'abnormalOperationListing', recordRef: l.id, asOf: l.listedOn, value: 'LISTED', threshold: null });
    }
    if (!level) return null;
    return fire(level, [{ agency: 'education', fact: 'listStatus', recordRef: f.list.ref, asOf: f.list.on, value: 'WHITE', threshold: null }, ...evidence]);
  },

  // Black-listed, yet courses stay on offer or were put up after the listing.
  BLACK_WITH_COURSES(f) {
    if (f.list?.state !== 'BLACK') return null;
    const offered = f.courses.filter((c) => (c.reviewStatus === 'APPROVED' || c.reviewStatus === 'PENDING') && chinaToday(c.asOf) >= f.list!.on);
    if (offered.length === 0) return null;
    return fire('RED', [
      { agency: 'education', fact: 'listStatus', recordRef: f.list.ref, asOf: f.list.on, value: 'BLACK', threshold: null },
      ...offered.map((c) => ({ agency: 'education', fact: 'courseOnOffer', recordRef: c.id, asOf: c.asOf, value: c.reviewStatus, threshold: null })),
    ]);
  },

  // C7: trainers without the qualification the law requires.
  UNQUALIFIED_TRAINERS(f, t) {
    const unqualified = f.trainers.filter((tr) => tr.certificateNo === null);
    if (unqualified.length < (t.yellowAt ?? Infinity)) return null;
    const share = unqualified.length / f.trainers.length;
    const level: AlertLevel = share >= (t.redShare ?? Infinity) ? 'RED' : 'YELLOW';
    return fire(level, unqualified.map((tr) => ({ agency: 'education', fact: 'trainerWithoutCertificate', recordRef: tr.id, asOf: tr.asOf, value: ratio(share), threshold: level === 'RED' ? t.redShare! : t.yellowAt! })));
  },

  // C8: a trainer on the staff black list (RED) or a judgment defaulter (YELLOW).
  LISTED_STAFF(f) {
    if (f.staffFlags.length === 0) return null;
    const level: AlertLevel = f.staffFlags.some((s) => s.list === 'STAFF_BLACK') ? 'RED' : 'YELLOW';
    return fire(level, f.staffFlags.map((s) => ({ agency: 'credit', fact: s.list === 'STAFF_BLACK' ? 'staffBlackList' : 'judgmentDefaulter', recordRef: s.recordRef, asOf: s.listedOn, value: s.trainerId, threshold: null })));
  },

  // C10: listed as abnormal and a judgment defaulter at once: an institution on its way out.
  EXIT_RISK(f) {
    if (f.abnormalListings.length === 0 || f.judgmentDefaulters.length === 0) return null;
    return fire('RED', [
      ...f.abnormalListings.map((l) => ({ agency: 'market', fact: 'abnormalOperationListing', recordRef: l.id, asOf: l.listedOn, value: 'LISTED', threshold: null })),
      ...f.judgmentDefaulters.map((j) => ({ agency: 'credit', fact: 'judgmentDefaulter', recordRef: j.id, asOf: j.since, value: 'ACTIVE', threshold: null })),
    ]);
  },

  // §2.3 (art. 58-59: learners are refunded first): a closed institution whose custody finance has
  // not settled (RED: a closure requires SETTLED, so an arrangement opened while the closure read
  // "nothing on record" ends up here); one revoked or winding up that still owes learners (YELLOW).
  EXIT_WITH_UNSETTLED_CUSTODY(f, t) {
    const c = f.custody;
    const r = f.regulatory;
    if (!c || !r || c.settlementState === 'SETTLED') return null;
    const level: AlertLevel | null = r.state === 'CLOSED' ? 'RED'
      : EXITING.has(r.state) && c.outstandingCny > (t.yellowAboveOutstandingCny ?? Infinity) ? 'YELLOW'
        : null;
    if (!level) return null;
    return fire(level, [
      { agency: 'education', fact: 'regulatoryStatus', recordRef: r.ref, asOf: r.asOf, value: r.state, threshold: null },
      { agency: 'finance', fact: 'custodySettlement', recordRef: f.uscc, asOf: c.asOf, value: c.settlementState ?? 'NOT_ON_RECORD', threshold: null },
      { agency: 'finance', fact: 'prepaidFeesOutstandingCny', recordRef: f.uscc, asOf: c.asOf, value: String(c.outstandingCny), threshold: level === 'YELLOW' ? t.yellowAboveOutstandingCny! : null },
    ]);
  },
};
