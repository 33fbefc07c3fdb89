import { createHash } from 'node:crypto';
import type { CreditScheme, Indicator } from './credit-scheme';

/** A fact with the agency that stated it, as the evaluation weighs it. */
export interface EvaluationInput {
  readonly agency: string;
  readonly fact: string;
  readonly recordRef: string;
  readonly asOf: string;
  readonly public: boolean;
}

export interface Factor {
  readonly agency: string;
  readonly fact: string;
  readonly label: string;
  readonly recordRef: string;
  readonly asOf: string;
  readonly weight: number;
  readonly contribution: number;
}

export interface Evaluation {
  readonly uscc: string;
  readonly grade: string;
  readonly gradeMeaning: string;
  readonly score: number;
  readonly scheme: string;
  readonly schemeStatus: string;
  /** The evaluation day (YYYY-MM-DD, China): windows are counted to it. */
  readonly asOf: string;
  /** Over every input, hidden or not; null for a caller who cannot see every indicator the scheme has. */
  readonly inputsHash: string | null;
  /** The factors this caller may see, in the order they were weighed. */
  readonly factors: readonly Factor[];
}

function satisfied(dnf: readonly (readonly string[])[], scopes: ReadonlySet<string>): boolean {
  return dnf.some((all) => all.every((scope) => scopes.has(scope)));
}

/** Whether a caller with these scopes sees this fact: public ones always, others through the indicator's scopes. */
export function maySee(indicator: Indicator, input: EvaluationInput, scopes: ReadonlySet<string>): boolean {
  return input.public || (indicator.visibleWith.length > 0 && satisfied(indicator.visibleWith, scopes));
}

/**
 * Whether a caller sees every factor any institution could have. Decided from the scheme and the
 * scopes only, never from the data: what a caller is shown must not say whether hidden facts exist.
 */
export function seesEverything(scheme: CreditScheme, scopes: ReadonlySet<string>): boolean {
  return [...scheme.indicators.values()].every((i) => i.visibleWith.length === 0 || satisfied(i.visibleWith, scopes));
}

function byWeighingOrder(a: EvaluationInput, b: EvaluationInput): number {
  const ka = `${a.agency}.${a.fact}`;
  const kb = `${b.agency}.${b.fact}`;
  if (ka !== kb) return ka < kb ? -1 : 1;
  if (a.asOf !== b.asOf) return a.asOf > b.asOf ? -1 : 1;
  return a.recordRef < b.recordRef ? -1 : a.recordRef > b.recordRef ? 1 : 0;
}

/**
 * The grade from every input, whoever asks; the factors filtered for the caller. Deterministic:
 * the same inputs, scheme and day give the same score, factors and hash.
 */
export function evaluate(uscc: string, scheme: CreditScheme, day: string, inputs: readonly EvaluationInput[], scopes: ReadonlySet<string>): Evaluation {
  const weighed = inputs.filter((i) => scheme.indicators.has(`${i.agency}.${i.fact}`)).sort(byWeighingOrder);
  const totals = new Map<string, number>();
  const factors: Factor[] = [];
  let sum = 0;
  for (const input of weighed) {
    const key = `${input.agency}.${input.fact}`;
    const indicator = scheme.indicators.get(key)!;
    const before = totals.get(key) ?? 0;
    const uncapped = before + indicator.weight;
    const after = indicator.cap === null ? uncapped : indicator.weight < 0 ? Math.max(uncapped, indicator.cap) : Math.min(uncapped, indicator.cap);
    totals.set(key, after);
    const contribution = after - before;
    sum += contribution;
    if (maySee(indicator, input, scopes)) {
      factors.push({ agency: input.agency, fact: input.fact, label: indicator.label, recordRef: input.recordRef, asOf: input.asOf, weight: indicator.weight, contribution });
    }
  }
  const score = Math.min(scheme.maxScore, Math.max(scheme.minScore, scheme.baseScore + sum));
  const band = scheme.grades.find((g) => score >= g.minScore) ?? scheme.grades.at(-1)!;
  const inputsHash = seesEverything(scheme, scopes)
    ? createHash('sha256')
        .update(JSON.stringify({ uscc, scheme: scheme.version, day, inputs: weighed.map((i) => [i.agency, i.fact, i.recordRef, i.asOf, i.public]) }))
        .digest('hex')
    : null;
  return { uscc, grade: band.grade, gradeMeaning: band.meaning, score, scheme: scheme.version, schemeStatus: scheme.status, asOf: day, inputsHash, factors };
}
