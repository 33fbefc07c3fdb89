import { deepFreeze, isoDate, readRulesFile, record, RulesError } from '../../shared/commands/rules';

/** One indicator: what one occurrence weighs, the cap on its total, and who may see it when it is not public. */
export interface Indicator {
  readonly key: string;
  readonly weight: number;
  /** Bound on the indicator's total contribution (same sign as the weight); none when absent. */
  readonly cap: number | null;
  readonly label: string;
  /** Outer OR, inner AND, as @requiresScopes. Empty: the fact is always public. */
  readonly visibleWith: readonly (readonly string[])[];
}

export interface GradeBand {
  readonly grade: string;
  readonly minScore: number;
  readonly meaning: string;
}

export interface CreditScheme {
  readonly version: string;
  readonly validFrom: string;
  readonly status: string;
  readonly basis: string;
  readonly baseScore: number;
  readonly minScore: number;
  readonly maxScore: number;
  /** Highest band first. */
  readonly grades: readonly GradeBand[];
  readonly indicators: ReadonlyMap<string, Indicator>;
}

function number(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RulesError(`${where} must be a number, instead got ${JSON.stringify(value)}`);
  return value;
}

function scopeDnf(value: unknown, where: string): string[][] {
  if (!Array.isArray(value) || value.some((all) => !Array.isArray(all) || all.length === 0 || all.some((s) => typeof s !== 'string' || !/^[a-z]+:[a-z-]+:[a-z]+$/.test(s)))) {
    throw new RulesError(`${where} must be a list of non-empty lists of scopes (outer OR, inner AND)`);
  }
  return value as string[][];
}

/** Parses rules/credit-scheme.json: every version complete, bands descending and down to minScore. */
export function parseCreditSchemes(raw: unknown): readonly CreditScheme[] {
  const versions = record(raw, 'credit-scheme.json').versions;
  if (!Array.isArray(versions) || versions.length === 0) throw new RulesError('credit-scheme.json: versions must be a non-empty array');
  const schemes = versions.map((value, i): CreditScheme => {
    const entry = record(value, `credit-scheme.json versions[${i}]`);
    const where = `credit-scheme.json ${String(entry.version)}`;
    if (typeof entry.version !== 'string' || !entry.version) throw new RulesError(`credit-scheme.json versions[${i}].version must be a string`);
    const grades = (Array.isArray(entry.grades) ? entry.grades : []).map((g, k) => {
      const band = record(g, `${where}.grades[${k}]`);
      return { grade: String(band.grade), minScore: number(band.minScore, `${where}.grades[${k}].minScore`), meaning: String(band.meaning ?? '') };
    });
    const minScore = number(entry.minScore, `${where}.minScore`);
    if (grades.length === 0 || grades.some((g, k) => k > 0 && g.minScore >= grades[k - 1]!.minScore) || grades.at(-1)!.minScore > minScore) {
      throw new RulesError(`${where}.grades must be in descending minScore order, the last one at or below minScore`);
    }
    const indicators = new Map<string, Indicator>();
    for (const [key, spec] of Object.entries(record(entry.indicators, `${where}.indicators`))) {
      if (!/^(education|market|finance|ip|credit)\.[A-Z_]+$/.test(key)) throw new RulesError(`${where}.indicators: '${key}' is not <agency>.<FACT>`);
      const body = record(spec, `${where}.indicators.${key}`);
      const weight = number(body.weight, `${where}.indicators.${key}.weight`);
      const cap = body.cap === undefined ? null : number(body.cap, `${where}.indicators.${key}.cap`);
      if (cap !== null && Math.sign(cap) !== Math.sign(weight)) throw new RulesError(`${where}.indicators.${key}.cap must have the weight's sign`);
      indicators.set(key, { key, weight, cap, label: String(body.label ?? key), visibleWith: scopeDnf(body.visibleWith, `${where}.indicators.${key}.visibleWith`) });
    }
    return {
      version: entry.version,
      validFrom: isoDate(entry.validFrom, `${where}.validFrom`),
      status: String(entry.status ?? 'unverified'),
      basis: String(entry.basis ?? ''),
      baseScore: number(entry.baseScore, `${where}.baseScore`),
      minScore,
      maxScore: number(entry.maxScore, `${where}.maxScore`),
      grades,
      indicators,
    };
  });
  return deepFreeze(schemes.sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1)));
}

let loaded: readonly CreditScheme[] | undefined;

export function creditSchemes(): readonly CreditScheme[] {
  loaded ??= parseCreditSchemes(readRulesFile('credit-scheme.json'));
  return loaded;
}

/** The version in force on `day` (YYYY-MM-DD): the latest one valid from it or before. */
export function schemeInForce(day: string, schemes: readonly CreditScheme[] = creditSchemes()): CreditScheme {
  const inForce = schemes.filter((s) => s.validFrom <= day).at(-1);
  if (!inForce) throw new RulesError(`credit-scheme.json has no version in force on ${day}`);
  return inForce;
}
