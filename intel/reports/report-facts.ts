import { chinaToday } from '../../common/china-day';
import { FILING_LIST_STATUS } from '../../subgraphs/education/commands/filing-list-status';
import type { GatewayClient } from '../gateway/gateway-client';

/** What a joint-conference report counts about one institution, as the joint conference may read it. */
export interface ReportFacts {
  readonly uscc: string;
  readonly regionCode: string;
  /** The list status as read; `listChanges` says how it stood at any earlier time. */
  readonly listStatus: string | null;
  /** Machine B's history as list statuses (null: on no list), oldest first; empty where the record has none. */
  readonly listChanges: readonly { readonly status: string | null; readonly at: string }[];
  readonly complaints: readonly { readonly id: string; readonly category: string; readonly state: string; readonly receivedOn: string; readonly events: readonly Step[] }[];
  readonly penalties: readonly { readonly id: string; readonly decidedOn: string; readonly fineCny: number | null }[];
  readonly rectifications: readonly { readonly id: string; readonly state: string; readonly dueOn: string | null; readonly events: readonly Step[] }[];
  /** Days (YYYY-MM-DD) the institution was inspected: 双随机 tasks with a result, and recorded inspections. */
  readonly inspectedOn: readonly string[];
  /** Custody as read; `custodyChanges` says how it stood at any earlier time. */
  readonly custody: { readonly balanceCny: number; readonly requiredCny: number; readonly compliant: boolean } | null;
  /** The custody record's opening and snapshots, oldest first, the required reserve at today's ratio; empty where there is no history. */
  readonly custodyChanges: readonly { readonly at: string; readonly balanceCny: number; readonly requiredCny: number }[];
  readonly alerts: readonly { readonly id: string; readonly level: string; readonly state: string; readonly raisedAt: string; readonly events: readonly Step[] }[];
}

/** One transition: the command and when it happened (ISO). */
export interface Step {
  readonly type: string;
  readonly at: string;
}

const REPORT_FACTS_QUERY = `query JointReportFacts($region: String, $first: Int!, $after: String) {
  institutions(filter: { region: $region }, first: $first, after: $after) {
    edges { node {
      uscc regionCode
      filing { listStatus }
      listEntry { history { toState occurredAt } }
      complaintCases(first: 30) { id category state receivedOn history { type occurredAt } }
      marketPenalties(first: 20) { id decidedOn fineCny }
      rectificationOrders(first: 20) { id state dueOn history { type occurredAt payload } }
      inspectionTasks(first: 20) { state history { type occurredAt } }
      inspections(first: 20) { inspectedOn }
      prepaidCustody { balanceCny prepaidFeesOutstandingCny requiredRatio compliant }
      custodyRecord { history { type occurredAt payload } }
      riskAlerts(first: 30) { id level state raisedAt history { type occurredAt } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface RawHistory { type: string; occurredAt: string; payload?: Record<string, unknown> }
export interface RawReportFacts {
  uscc: string; regionCode: string;
  filing: { listStatus: string | null } | null;
  listEntry?: { history: { toState: string; occurredAt: string }[] } | null;
  complaintCases: { id: string; category: string; state: string; receivedOn: string; history: RawHistory[] }[] | null;
  marketPenalties: { id: string; decidedOn: string; fineCny: number | null }[] | null;
  rectificationOrders: { id: string; state: string; dueOn: string | null; history: RawHistory[] }[] | null;
  inspectionTasks: { state: string; history: RawHistory[] }[] | null;
  inspections: { inspectedOn: string }[] | null;
  prepaidCustody: { balanceCny: number; prepaidFeesOutstandingCny: number; requiredRatio: number; compliant: boolean } | null;
  custodyRecord?: { history: RawHistory[] } | null;
  riskAlerts: { id: string; level: string; state: string; raisedAt: string; history: RawHistory[] }[] | null;
}

const steps = (history: RawHistory[]): Step[] => history.map((h) => ({ type: h.type, at: h.occurredAt }));

/**
 * The date an order was due by, as issued: `dueOn` is the deadline still running, cleared once the
 * order is verified or escalated, so an order verified on time would otherwise drop out of the rate.
 */
function orderDueOn(order: { dueOn: string | null; history: RawHistory[] }): string | null {
  const issued = order.history.find((h) => h.type === 'RECTIFICATION_ORDER.ISSUE')?.payload?.dueOn;
  return typeof issued === 'string' ? issued : order.dueOn;
}

/** Balances after each step of the custody machine that sets them: opening (at zero) and each snapshot. */
function custodyChanges(raw: RawReportFacts): ReportFacts['custodyChanges'] {
  const ratio = raw.prepaidCustody?.requiredRatio;
  if (ratio === undefined) return [];
  return (raw.custodyRecord?.history ?? []).flatMap((h) => {
    if (h.type === 'CUSTODY.OPEN') return [{ at: h.occurredAt, balanceCny: 0, requiredCny: 0 }];
    if (h.type !== 'CUSTODY.RECORD_SNAPSHOT') return [];
    return [{ at: h.occurredAt, balanceCny: Number(h.payload?.balanceCny), requiredCny: Number(h.payload?.prepaidFeesOutstandingCny) * ratio }];
  });
}

export function normaliseReportFacts(raw: RawReportFacts): ReportFacts {
  const taskDays = (raw.inspectionTasks ?? []).flatMap((t) => t.history.filter((h) => h.type === 'INSPECTION.RECORD_RESULT').map((h) => chinaToday(h.occurredAt)));
  return {
    uscc: raw.uscc,
    regionCode: raw.regionCode,
    listStatus: raw.filing?.listStatus ?? null,
    listChanges: (raw.listEntry?.history ?? []).map((h) => ({ status: FILING_LIST_STATUS[h.toState] ?? null, at: h.occurredAt })),
    complaints: (raw.complaintCases ?? []).map((c) => ({ id: c.id, category: c.category, state: c.state, receivedOn: c.receivedOn, events: steps(c.history) })),
    penalties: raw.marketPenalties ?? [],
    rectifications: (raw.rectificationOrders ?? []).map((o) => ({ id: o.id, state: o.state, dueOn: orderDueOn(o), events: steps(o.history) })),
    inspectedOn: [...taskDays, ...(raw.inspections ?? []).map((i) => i.inspectedOn)].sort(),
    custody: raw.prepaidCustody
      ? { balanceCny: raw.prepaidCustody.balanceCny, requiredCny: raw.prepaidCustody.prepaidFeesOutstandingCny * raw.prepaidCustody.requiredRatio, compliant: raw.prepaidCustody.compliant }
      : null,
    custodyChanges: custodyChanges(raw),
    alerts: (raw.riskAlerts ?? []).map((a) => ({ id: a.id, level: a.level, state: a.state, raisedAt: a.raisedAt, events: steps(a.history) })),
  };
}

/** Every institution of a region through the gateway, as the caller (the joint conference) may see them, in USCC order. */
export async function readReportFacts(client: GatewayClient, regionPrefix: string, pageSize = 100): Promise<ReportFacts[]> {
  const facts: ReportFacts[] = [];
  let after: string | null = null;
  // The filter takes a province, city or district code; the country is no filter at all.
  const region = regionPrefix === '' ? null : regionPrefix.padEnd(6, '0');
  for (;;) {
    const { data }: { data: { institutions: { edges: { node: RawReportFacts }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } } =
      await client.request(REPORT_FACTS_QUERY, { region, first: pageSize, after });
    for (const edge of data.institutions.edges) facts.push(normaliseReportFacts(edge.node));
    if (!data.institutions.pageInfo.hasNextPage) return facts;
    after = data.institutions.pageInfo.endCursor;
  }
}
