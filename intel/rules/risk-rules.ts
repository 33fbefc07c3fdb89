import { deepFreeze, isoDate, readRulesFile, record, RulesError } from '../../subgraphs/shared/commands/rules';

/** The comparisons the engine knows how to make (intel/rules/comparisons.ts); a rule names one. */
export const COMPARISONS = [
  'CUSTODY_COVERAGE', 'SALES_SPIKE_FALLING_BALANCE', 'REFUND_COMPLAINTS', 'WHITE_BUT_MARKET_TROUBLE',
  'BLACK_WITH_COURSES', 'UNQUALIFIED_TRAINERS', 'LISTED_STAFF', 'EXIT_RISK', 'EXIT_WITH_UNSETTLED_CUSTODY',
] as const;
export type Comparison = (typeof COMPARISONS)[number];

export interface RiskRule {
  readonly id: string;
  readonly comparison: Comparison;
  /** Where in supervision.md §6.5 the comparison comes from (C1-C12). */
  readonly reference: string;
  readonly title: string;
  readonly legalBasis: string;
  readonly status: string;
  readonly thresholds: Readonly<Record<string, number>>;
  /** Threshold overrides by GB/T 2260 prefix. */
  readonly regions: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface RuleSet {
  readonly version: string;
  readonly validFrom: string;
  readonly rules: readonly RiskRule[];
}

function numbers(value: unknown, where: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, v] of Object.entries(record(value ?? {}, where))) {
    if (key === 'note') continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RulesError(`${where}.${key} must be a number, instead got ${JSON.stringify(v)}`);
    out[key] = v;
  }
  return out;
}

/**
 * Parses rules/risk-rules.json: every rule names a known comparison and has a legal basis. A
 * version that `amends` an earlier one lists only the rules it adds or replaces (by id); the
 * others are the amended version's, so a version is read whole but written once.
 */
export function parseRiskRules(raw: unknown): readonly RuleSet[] {
  const versions = record(raw, 'risk-rules.json').versions;
  if (!Array.isArray(versions) || versions.length === 0) throw new RulesError('risk-rules.json: versions must be a non-empty array');
  const parsed = new Map<string, RuleSet>();
  for (const [i, value] of versions.entries()) {
    const entry = record(value, `risk-rules.json versions[${i}]`);
    if (typeof entry.version !== 'string' || !entry.version) throw new RulesError(`risk-rules.json versions[${i}].version must be a string`);
    const where = `risk-rules.json ${entry.version}`;
    if (parsed.has(entry.version)) throw new RulesError(`${where}: the version appears twice`);
    const validFrom = isoDate(entry.validFrom, `${where}.validFrom`);
    const rules = Object.entries(record(entry.rules, `${where}.rules`)).map(([id, spec]) => parseRule(id, spec, where));
    let inherited: readonly RiskRule[] = [];
    if (entry.amends !== undefined) {
      const amended = typeof entry.amends === 'string' ? parsed.get(entry.amends) : undefined;
      if (!amended) throw new RulesError(`${where}.amends must name a version listed before it, instead got ${JSON.stringify(entry.amends)}`);
      if (amended.validFrom >= validFrom) throw new RulesError(`${where}.validFrom must be after that of ${amended.version}, which it amends (${amended.validFrom}), instead got ${validFrom}`);
      const replaced = new Set(rules.map((r) => r.id));
      inherited = amended.rules.filter((r) => !replaced.has(r.id));
    }
    parsed.set(entry.version, { version: entry.version, validFrom, rules: [...inherited, ...rules] });
  }
  return deepFreeze([...parsed.values()].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1)));
}

function parseRule(id: string, spec: unknown, where: string): RiskRule {
  const body = record(spec, `${where}.${id}`);
  if (!/^R-[A-Z0-9-]{2,37}$/.test(id)) throw new RulesError(`${where}: rule id '${id}' must look like R-SOMETHING`);
  if (!COMPARISONS.includes(body.comparison as Comparison)) {
    throw new RulesError(`${where}.${id}.comparison must be one of ${COMPARISONS.join(', ')}, instead got ${JSON.stringify(body.comparison)}`);
  }
  for (const key of ['title', 'legalBasis'] as const) {
    if (typeof body[key] !== 'string' || !(body[key] as string).trim()) throw new RulesError(`${where}.${id}.${key} must be a non-empty string`);
  }
  const regions: Record<string, Record<string, number>> = {};
  for (const [prefix, overrides] of Object.entries(record(body.regions ?? {}, `${where}.${id}.regions`))) {
    if (!/^\d{2,6}$/.test(prefix)) throw new RulesError(`${where}.${id}.regions: '${prefix}' is not a GB/T 2260 prefix of 2-6 digits`);
    regions[prefix] = numbers(overrides, `${where}.${id}.regions.${prefix}`);
  }
  return {
    id, comparison: body.comparison as Comparison, reference: String(body.reference ?? ''), title: body.title as string,
    legalBasis: body.legalBasis as string, status: String(body.status ?? 'unverified'), thresholds: numbers(body.thresholds, `${where}.${id}.thresholds`), regions,
  };
}

/** The rule sets of a rules file (an absolute path, or a name under rules/). */
export function riskRuleSets(file = 'risk-rules.json'): readonly RuleSet[] {
  return parseRiskRules(readRulesFile(file));
}

export function ruleSetInForce(sets: readonly RuleSet[], day: string): RuleSet {
  const inForce = sets.filter((s) => s.validFrom <= day).at(-1);
  if (!inForce) throw new RulesError(`risk-rules.json has no version in force on ${day}`);
  return inForce;
}

/** The rule's thresholds for a region: the defaults, overridden by every matching prefix, longest last. */
export function thresholdsFor(rule: RiskRule, regionCode: string): Readonly<Record<string, number>> {
  const prefixes = Object.keys(rule.regions).filter((p) => regionCode.startsWith(p)).sort((a, b) => a.length - b.length);
  return Object.assign({}, rule.thresholds, ...prefixes.map((p) => rule.regions[p]));
}
