import type { CommandEnvironment } from '../../shared/agency';
import { badUserInput, subgraphError } from '../../shared/errors';

/** The purpose the education subgraph's service consumer declares for this read (policies/consumers.json). */
export const EXIT_CHECK_PURPOSE = 'EXIT_SETTLEMENT_CHECK';

const QUERY = /* GraphQL */ `
  query ExitSettlementCheck($uscc: USCC!) {
    prepaidCustody(uscc: $uscc) { prepaidFeesOutstandingCny balancesAsOf settlementState custodyVersion provenance { asOf } }
  }
`;

/** What the closure read of finance's data, recorded in the CLOSE event. */
export interface ExitCheck {
  readonly source: string;
  readonly gatewayRequestId: string | null;
  /** When education read it. */
  readonly readAt: string;
  readonly custodyOnRecord: boolean;
  /** The CUSTODY record's version and the time finance last confirmed the row, as read. */
  readonly custodyVersion: number | null;
  readonly custodyAsOf: string | null;
  readonly prepaidFeesOutstandingCny: number;
  readonly balancesAsOf: string | null;
  readonly settlementState: string | null;
}

/**
 * An institution may not close while finance reports prepaid fees not refunded to learners
 * (民办教育促进法 art. 59: learners are refunded first), nor, where it has a custody arrangement,
 * before finance has confirmed the settlement. The read goes through the gateway and cannot share
 * a transaction with education's write; requiring SETTLED is what keeps it from going stale,
 * because SETTLED is final in finance's machine (no snapshot or settlement follows it), so what
 * was read still holds when the closure commits.
 */
export async function checkExitClearance(environment: CommandEnvironment, uscc: string): Promise<ExitCheck> {
  if (!environment.gateway) {
    throw subgraphError('SUBGRAPH_UNAVAILABLE', 'closure needs finance\'s prepaid-fee data and no gateway is configured for it (SERVICE_GATEWAY_URL); nothing was changed', {
      serviceName: 'finance',
    });
  }
  const readAt = environment.now().toISOString();
  const { data, requestId } = await environment.gateway.read<{
    prepaidCustody: {
      prepaidFeesOutstandingCny: number; balancesAsOf: string; settlementState: string | null; custodyVersion: number | null; provenance: { asOf: string };
    } | null;
  }>(QUERY, { uscc }, EXIT_CHECK_PURPOSE);
  const custody = data.prepaidCustody;
  const check: ExitCheck = {
    source: 'finance prepaidCustody, read through the gateway',
    gatewayRequestId: requestId,
    readAt,
    custodyOnRecord: custody !== null,
    custodyVersion: custody?.custodyVersion ?? null,
    custodyAsOf: custody?.provenance.asOf ?? null,
    prepaidFeesOutstandingCny: custody?.prepaidFeesOutstandingCny ?? 0,
    balancesAsOf: custody?.balancesAsOf ?? null,
    settlementState: custody?.settlementState ?? null,
  };
  const read = { balancesAsOf: check.balancesAsOf, custodyVersion: check.custodyVersion, settlementState: check.settlementState };
  if (check.prepaidFeesOutstandingCny > 0) {
    throw badUserInput('CLOSE is refused: finance reports prepaid fees not yet refunded to learners; settle them first', {
      reason: 'UNREFUNDED_PREPAID_FEES', ...read,
    });
  }
  if (custody && check.settlementState !== 'SETTLED') {
    throw badUserInput('CLOSE is refused: finance has not confirmed the prepaid-fee settlement of this institution\'s custody arrangement', {
      reason: 'PREPAID_SETTLEMENT_NOT_CONFIRMED', ...read,
    });
  }
  return check;
}
