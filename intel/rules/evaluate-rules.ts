import type { InstitutionFacts } from '../facts/institution-facts';
import { COMPARE, type AlertLevel, type Evidence } from './comparisons';
import { thresholdsFor, type RuleSet } from './risk-rules';

/** A rule that fired on an institution: what the alert will carry. */
export interface Finding {
  readonly uscc: string;
  readonly ruleId: string;
  readonly ruleVersion: string;
  readonly level: AlertLevel;
  readonly title: string;
  readonly legalBasis: string;
  readonly evidence: readonly Evidence[];
}

/** Every rule of the set against one institution, in the set's order. Pure: the same facts give the same findings. */
export function evaluateRules(set: RuleSet, facts: InstitutionFacts, today: string): Finding[] {
  const findings: Finding[] = [];
  for (const rule of set.rules) {
    const firing = COMPARE[rule.comparison](facts, thresholdsFor(rule, facts.regionCode), today);
    if (firing) {
      findings.push({ uscc: facts.uscc, ruleId: rule.id, ruleVersion: set.version, level: firing.level, title: rule.title, legalBasis: rule.legalBasis, evidence: firing.evidence });
    }
  }
  return findings;
}
