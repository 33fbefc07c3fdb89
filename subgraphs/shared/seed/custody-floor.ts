import { readRulesFile, record } from '../commands/rules';
import { SEED_TODAY } from './seed-institution';

/**
 * The lowest custody balance the early-warning rules accept in a region (R-CUSTODY-COVERAGE's
 * `minBalanceCny` in rules/risk-rules.json, the version in force on the seed's day, longest region
 * prefix first). A GOOD seeded institution keeps its balance above it, so that it raises nothing.
 */
export function custodyFloorOf(rulesFile = 'risk-rules.json'): (regionCode: string) => number {
  const versions = (record(readRulesFile(rulesFile), rulesFile).versions ?? []) as { validFrom: string; rules: Record<string, unknown> }[];
  const inForce = versions.filter((v) => v.validFrom <= SEED_TODAY).sort((a, b) => a.validFrom.localeCompare(b.validFrom)).at(-1);
  const rule = (inForce?.rules['R-CUSTODY-COVERAGE'] ?? {}) as { thresholds?: { minBalanceCny?: number }; regions?: Record<string, { minBalanceCny?: number }> };
  const byPrefix = Object.entries(rule.regions ?? {})
    .filter(([, r]) => typeof r.minBalanceCny === 'number')
    .sort(([a], [b]) => b.length - a.length);
  const base = rule.thresholds?.minBalanceCny ?? 0;
  return (regionCode) => byPrefix.find(([prefix]) => regionCode.startsWith(prefix))?.[1].minBalanceCny ?? base;
}
