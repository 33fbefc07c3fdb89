import type { CommandEnvironment } from '../../shared/agency';
import { badUserInput, subgraphError } from '../../shared/errors';

/** The purpose the education subgraph's service consumer declares for this read (policies/consumers.json). */
export const EXIT_CHECK_PURPOSE = 'EXIT_SETTLEMENT_CHECK';

const QUERY = /* GraphQL */ `
  query ExitSettlementCheck($uscc: USCC!) {
    prepaidCustody(uscc: $uscc) { prepaidFeesOutstandingCny balancesAsOf settlementState }
  }
`;

export interface ExitCheck {
  readonly source: string;
  readonly gatewayRequestId: string | null;
  readonly custodyOnRecord: boolean;
  readonly prepaidFeesOutstandingCny: number;
  readonly balancesAsOf: string | null;
  readonly settlementState: string | null;
}

/**
 * An institution may not close while finance reports prepaid fees not refunded to learners
 * (民办教育促进法 art. 59: learners are refunded first). The check reads finance's current data
 * through the gateway, and what it read is recorded with the transition.
 */
export async function checkExitClearance(environment: CommandEnvironment, uscc: string): Promise<ExitCheck> {
  if (!environment.gateway) {
    throw subgraphError('SUBGRAPH_UNAVAILABLE', 'closure needs finance\'s prepaid-fee data and no gateway is configured for it (SERVICE_GATEWAY_URL); nothing was changed', {
      serviceName: 'finance',
    });
  }
  const { data, requestId } = await environment.gateway.read<{
    prepaidCustody: { prepaidFeesOutstandingCny: number; balancesAsOf: string; settlementState: string } | null;
  }>(QUERY, { uscc }, EXIT_CHECK_PURPOSE);
  const custody = data.prepaidCustody;
  const check: ExitCheck = {
    source: 'finance prepaidCustody, read through the gateway',
    gatewayRequestId: requestId,
    custodyOnRecord: custody !== null,
    prepaidFeesOutstandingCny: custody?.prepaidFeesOutstandingCny ?? 0,
    balancesAsOf: custody?.balancesAsOf ?? null,
    settlementState: custody?.settlementState ?? null,
  };
  if (check.prepaidFeesOutstandingCny > 0) {
    throw badUserInput('CLOSE is refused: finance reports prepaid fees not yet refunded to learners; settle them first', {
      reason: 'UNREFUNDED_PREPAID_FEES', balancesAsOf: check.balancesAsOf,
    });
  }
  return check;
}
