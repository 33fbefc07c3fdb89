import { createHash } from 'node:crypto';
import type { InstitutionFacts } from '../facts/institution-facts';
import { GatewayReadError, type GatewayClient } from '../gateway/gateway-client';
import type { Finding } from '../rules/evaluate-rules';

const RAISE = `mutation RaiseRiskAlert($input: RaiseRiskAlertInput!) { raiseRiskAlert(input: $input) { id version } }`;
const ESCALATE = `mutation EscalateRiskAlert($input: RiskAlertTransitionInput!) { transitionRiskAlert(input: $input) { id version } }`;

export type Outcome = 'RAISED' | 'ESCALATED' | 'UNCHANGED';

/** A key that stands for this finding in this run: a retry within the run replays its first answer. */
function keyOf(kind: string, finding: Finding, runStartedAt: string): string {
  const digest = createHash('sha256').update(JSON.stringify([kind, finding.uscc, finding.ruleId, finding.ruleVersion, finding.level, finding.evidence])).digest('hex');
  return `${kind}:${runStartedAt}:${digest.slice(0, 40)}`;
}

/**
 * Turns a finding into at most one command on machine H. An open alert of the same rule stays as
 * it is, unless the finding is RED and the alert YELLOW (ESCALATE). Otherwise RAISE, whose record
 * id the education subgraph derives from the rule and the evidence: facts already raised, even if
 * that alert was since closed or found a false positive, are CONFLICT there, so a rerun on
 * unchanged facts raises nothing new and no clock decides it.
 */
export async function applyFinding(commands: GatewayClient, facts: InstitutionFacts, finding: Finding, runStartedAt: string): Promise<Outcome> {
  const open = facts.openAlerts.find((a) => a.ruleId === finding.ruleId);
  const evidence = finding.evidence.map((e) => ({ ...e }));
  if (open) {
    if (!(open.level === 'YELLOW' && finding.level === 'RED')) return 'UNCHANGED';
    await commands.request(ESCALATE, { input: {
      alertId: open.id, command: 'ESCALATE', level: 'RED', evidence, legalBasis: finding.legalBasis,
      expectedVersion: open.version, idempotencyKey: keyOf('esc', finding, runStartedAt),
    } });
    return 'ESCALATED';
  }
  try {
    await commands.request(RAISE, { input: {
      uscc: finding.uscc, ruleId: finding.ruleId, ruleVersion: finding.ruleVersion, level: finding.level, title: finding.title,
      legalBasis: finding.legalBasis, evidence, expectedVersion: 0, idempotencyKey: keyOf('raise', finding, runStartedAt),
    } });
    return 'RAISED';
  } catch (error) {
    if (error instanceof GatewayReadError && error.code === 'CONFLICT') return 'UNCHANGED';
    throw error;
  }
}
