import { createHash } from 'node:crypto';
import type { InstitutionFacts } from '../facts/institution-facts';
import { GatewayReadError, type GatewayClient } from '../gateway/gateway-client';
import type { Finding } from '../rules/evaluate-rules';

const RAISE = `mutation RaiseRiskAlert($input: RaiseRiskAlertInput!) { raiseRiskAlert(input: $input) { id version updatedAt } }`;
const ESCALATE = `mutation EscalateRiskAlert($input: RiskAlertTransitionInput!) { transitionRiskAlert(input: $input) { id version updatedAt } }`;

export type Outcome = 'RAISED' | 'ESCALATED' | 'UNCHANGED';

/** A key that stands for this finding: the same facts give the same key, so a retry or a rerun replays. */
function keyOf(kind: string, finding: Finding): string {
  const digest = createHash('sha256').update(JSON.stringify([kind, finding.uscc, finding.ruleId, finding.ruleVersion, finding.level, finding.evidence])).digest('hex');
  return `${kind}:${digest.slice(0, 48)}`;
}

/**
 * Turns a finding into at most one command on machine H. An open alert of the same rule stays as
 * it is, unless the finding is RED and the alert YELLOW (ESCALATE). Otherwise RAISE, whose key and
 * record id both come from the facts: a rerun on unchanged facts replays the first answer, and an
 * alert once closed or found false positive on these same facts is not raised again (CONFLICT).
 */
export async function applyFinding(commands: GatewayClient, facts: InstitutionFacts, finding: Finding, runStartedAt: string): Promise<Outcome> {
  const open = facts.openAlerts.find((a) => a.ruleId === finding.ruleId);
  const evidence = finding.evidence.map((e) => ({ ...e }));
  if (open) {
    if (!(open.level === 'YELLOW' && finding.level === 'RED')) return 'UNCHANGED';
    await commands.request(ESCALATE, { input: {
      alertId: open.id, command: 'ESCALATE', level: 'RED', evidence, legalBasis: finding.legalBasis,
      expectedVersion: open.version, idempotencyKey: keyOf('esc', finding),
    } });
    return 'ESCALATED';
  }
  try {
    const { data } = await commands.request<{ raiseRiskAlert: { updatedAt: string } }>(RAISE, { input: {
      uscc: finding.uscc, ruleId: finding.ruleId, ruleVersion: finding.ruleVersion, level: finding.level, title: finding.title,
      legalBasis: finding.legalBasis, evidence, expectedVersion: 0, idempotencyKey: keyOf('raise', finding),
    } });
    // A replay answers with the alert as it was first raised, before this run.
    return data.raiseRiskAlert.updatedAt >= runStartedAt ? 'RAISED' : 'UNCHANGED';
  } catch (error) {
    if (error instanceof GatewayReadError && error.code === 'CONFLICT') return 'UNCHANGED';
    throw error;
  }
}
