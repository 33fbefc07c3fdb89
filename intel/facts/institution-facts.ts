import type { GatewayClient } from '../gateway/gateway-client';

/**
 * What the rules compare about one institution, from five agencies, as read through the gateway.
 * Every item keeps the record it comes from and its as-of time, so an alert can name them.
 */
export interface InstitutionFacts {
  readonly uscc: string;
  readonly name: string;
  readonly regionCode: string;
  /** The education list (machine B) state and the day of its latest decision; null while on no list. */
  readonly list: { readonly state: string; readonly on: string; readonly ref: string } | null;
  /** Machine A: where the institution stands in filing, approval and exit, and since when; null before it filed. */
  readonly regulatory: { readonly state: string; readonly asOf: string; readonly ref: string } | null;
  readonly courses: readonly { readonly id: string; readonly reviewStatus: string; readonly asOf: string }[];
  readonly trainers: readonly { readonly id: string; readonly certificateNo: string | null; readonly asOf: string }[];
  readonly complaints: readonly { readonly id: string; readonly category: string; readonly status: string; readonly receivedOn: string }[];
  readonly registration: { readonly status: string; readonly asOf: string } | null;
  readonly abnormalListings: readonly { readonly id: string; readonly listedOn: string }[];
  readonly seriousListings: readonly { readonly id: string; readonly listedOn: string }[];
  readonly judgmentDefaulters: readonly { readonly id: string; readonly since: string }[];
  /** `settlementState`: ACTIVE, SETTLED, or null while the arrangement is not on record as a machine. */
  readonly custody: {
    readonly balanceCny: number; readonly outstandingCny: number; readonly requiredRatio: number; readonly asOf: string; readonly settlementState: string | null;
  } | null;
  /** Custody snapshots, oldest first (finance's CUSTODY machine history). */
  readonly snapshots: readonly { readonly balanceCny: number; readonly outstandingCny: number; readonly asOf: string }[];
  readonly staffFlags: readonly { readonly trainerId: string; readonly list: string; readonly recordRef: string; readonly listedOn: string }[];
  /** Alerts not yet closed, so a rerun knows what is already raised. */
  readonly openAlerts: readonly { readonly id: string; readonly ruleId: string; readonly level: string; readonly version: number; readonly fingerprint: string }[];
}

/** Every fact a rule needs about one institution; lists are capped well above what one institution holds. */
const RISK_FACTS = `fragment RiskFacts on Institution {
  uscc name regionCode
  listEntry { id state listedOn }
  regulatoryStatus { id state updatedAt }
  courses(first: 30) { id reviewStatus provenance { asOf } }
  trainers(first: 30) { id certificateNo provenance { asOf } }
  complaints(first: 30) { id category status receivedOn }
  registration { status provenance { asOf } }
  abnormalOperationListings(first: 10) { id listedOn removedOn publicityStatus }
  seriousViolationListings(first: 10) { id listedOn publicityStatus }
  creditJudgmentDefaulters(first: 10) { id publicityStatus publicityStart }
  prepaidCustody { balanceCny prepaidFeesOutstandingCny requiredRatio balancesAsOf settlementState }
  custodyRecord { history { type payload } }
  creditEvaluation { staffFlags { trainerId list recordRef listedOn } }
  riskAlerts(open: true, first: 50) { id ruleId level version fingerprint }
}`;

/** A page of institutions: one request through the gateway, one fetch per subgraph (and the credit evaluation's). */
export const RISK_FACTS_PAGE_QUERY = `query RiskFacts($region: String, $first: Int!, $after: String) {
  institutions(filter: { region: $region }, first: $first, after: $after) {
    edges { node { ...RiskFacts } }
    pageInfo { hasNextPage endCursor }
  }
}
${RISK_FACTS}`;

export const RISK_FACTS_OF_QUERY = `query RiskFactsOf($uscc: USCC!) { institution(uscc: $uscc) { ...RiskFacts } }
${RISK_FACTS}`;

/** The GraphQL shape of one institution in RISK_FACTS_QUERY. */
interface RawFacts {
  uscc: string; name: string; regionCode: string;
  listEntry: { id: string; state: string; listedOn: string | null } | null;
  regulatoryStatus: { id: string; state: string; updatedAt: string } | null;
  courses: { id: string; reviewStatus: string; provenance: { asOf: string } }[] | null;
  trainers: { id: string; certificateNo: string | null; provenance: { asOf: string } }[] | null;
  complaints: { id: string; category: string; status: string; receivedOn: string }[] | null;
  registration: { status: string; provenance: { asOf: string } } | null;
  abnormalOperationListings: { id: string; listedOn: string; removedOn: string | null; publicityStatus: string }[] | null;
  seriousViolationListings: { id: string; listedOn: string; publicityStatus: string }[] | null;
  creditJudgmentDefaulters: { id: string; publicityStatus: string; publicityStart: string }[] | null;
  prepaidCustody: { balanceCny: number; prepaidFeesOutstandingCny: number; requiredRatio: number; balancesAsOf: string; settlementState: string | null } | null;
  custodyRecord: { history: { type: string; payload: Record<string, unknown> }[] } | null;
  creditEvaluation: { staffFlags: { trainerId: string; list: string; recordRef: string; listedOn: string }[] | null } | null;
  riskAlerts: { id: string; ruleId: string; level: string; version: number; fingerprint: string }[] | null;
}

export function normaliseFacts(raw: RawFacts): InstitutionFacts {
  return {
    uscc: raw.uscc,
    name: raw.name,
    regionCode: raw.regionCode,
    list: raw.listEntry ? { state: raw.listEntry.state, on: raw.listEntry.listedOn ?? '', ref: raw.listEntry.id } : null,
    regulatory: raw.regulatoryStatus ? { state: raw.regulatoryStatus.state, asOf: raw.regulatoryStatus.updatedAt, ref: raw.regulatoryStatus.id } : null,
    courses: (raw.courses ?? []).map((c) => ({ id: c.id, reviewStatus: c.reviewStatus, asOf: c.provenance.asOf })),
    trainers: (raw.trainers ?? []).map((t) => ({ id: t.id, certificateNo: t.certificateNo, asOf: t.provenance.asOf })),
    complaints: raw.complaints ?? [],
    registration: raw.registration ? { status: raw.registration.status, asOf: raw.registration.provenance.asOf } : null,
    // Listings still in force: not removed and still in their publicity life.
    abnormalListings: (raw.abnormalOperationListings ?? []).filter((l) => l.removedOn === null && l.publicityStatus === 'ACTIVE').map((l) => ({ id: l.id, listedOn: l.listedOn })),
    seriousListings: (raw.seriousViolationListings ?? []).filter((l) => l.publicityStatus === 'ACTIVE').map((l) => ({ id: l.id, listedOn: l.listedOn })),
    judgmentDefaulters: (raw.creditJudgmentDefaulters ?? []).filter((j) => j.publicityStatus === 'ACTIVE').map((j) => ({ id: j.id, since: j.publicityStart })),
    custody: raw.prepaidCustody
      ? {
          balanceCny: raw.prepaidCustody.balanceCny, outstandingCny: raw.prepaidCustody.prepaidFeesOutstandingCny, requiredRatio: raw.prepaidCustody.requiredRatio,
          asOf: raw.prepaidCustody.balancesAsOf, settlementState: raw.prepaidCustody.settlementState,
        }
      : null,
    snapshots: (raw.custodyRecord?.history ?? [])
      .filter((e) => e.type === 'CUSTODY.RECORD_SNAPSHOT')
      .map((e) => ({ balanceCny: Number(e.payload.balanceCny), outstandingCny: Number(e.payload.prepaidFeesOutstandingCny), asOf: String(e.payload.balancesAsOf) })),
    staffFlags: raw.creditEvaluation?.staffFlags ?? [],
    openAlerts: raw.riskAlerts ?? [],
  };
}

export interface FactPage {
  readonly institutions: readonly InstitutionFacts[];
  readonly requestId: string | null;
}

/** Every institution of a region (all when null), a page at a time, as the gateway serves them. */
export async function* readRiskFacts(client: GatewayClient, region: string | null, pageSize = 100): AsyncGenerator<FactPage> {
  let after: string | null = null;
  for (;;) {
    const { data, requestId }: { data: { institutions: { edges: { node: RawFacts }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }; requestId: string | null } =
      await client.request(RISK_FACTS_PAGE_QUERY, { region, first: pageSize, after });
    yield { institutions: data.institutions.edges.map((e) => normaliseFacts(e.node)), requestId };
    if (!data.institutions.pageInfo.hasNextPage) return;
    after = data.institutions.pageInfo.endCursor;
  }
}

/** One institution's facts (an event named it); null when it is not in the registry. */
export async function readRiskFactsOf(client: GatewayClient, uscc: string): Promise<InstitutionFacts | null> {
  const { data } = await client.request<{ institution: RawFacts | null }>(RISK_FACTS_OF_QUERY, { uscc });
  return data.institution ? normaliseFacts(data.institution) : null;
}
