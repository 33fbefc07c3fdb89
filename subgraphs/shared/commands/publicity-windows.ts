import { addDays, addMonths } from '../seed/seed-dates';
import { deepFreeze, isoDate, readRulesFile, record, RulesError } from './rules';

export type PenaltyTier = 'MINOR' | 'GENERAL' | 'SERIOUS';
export const PENALTY_TIERS: readonly PenaltyTier[] = ['MINOR', 'GENERAL', 'SERIOUS'];

interface Regime {
  readonly id: string;
  readonly from: string;
  readonly to: string | null;
  readonly legalBasis: string;
  readonly status: string;
  readonly tiers: Readonly<Record<PenaltyTier, { published: boolean; minMonths: number; maxMonths: number }>>;
}

/** A decision's publicity, computed from its tier and the regime in force on the decision date. */
export interface PublicityWindow {
  readonly regime: string;
  readonly regimeStatus: string;
  readonly published: boolean;
  readonly publicityStart: string;
  readonly publicityEnd: string;
  /** Earliest day credit repair may end publication. */
  readonly repairEligibleFrom: string;
}

export function parsePublicityWindows(raw: unknown): readonly Regime[] {
  const regimes = (record(raw, 'publicity-windows.json').regimes ?? []) as unknown[];
  return deepFreeze(regimes.map((value, i) => {
    const r = record(value, `publicity-windows.json regimes[${i}]`);
    const tiers = record(r.tiers, `publicity-windows.json ${String(r.id)}.tiers`);
    for (const tier of PENALTY_TIERS) if (!tiers[tier]) throw new RulesError(`publicity-windows.json ${String(r.id)} has no tier ${tier}`);
    return {
      id: String(r.id), from: isoDate(r.from, `${String(r.id)}.from`), to: r.to === null ? null : isoDate(r.to, `${String(r.id)}.to`),
      legalBasis: String(r.legalBasis), status: String(r.status), tiers: tiers as unknown as Regime['tiers'],
    };
  }));
}

let regimes: readonly Regime[] | undefined;

export function publicityWindow(tier: PenaltyTier, decidedOn: string): PublicityWindow {
  regimes ??= parsePublicityWindows(readRulesFile('publicity-windows.json'));
  const regime = regimes.find((r) => r.from <= decidedOn && (r.to === null || decidedOn <= r.to));
  if (!regime) throw new RulesError(`publicity-windows.json has no regime in force on ${decidedOn}`);
  const t = regime.tiers[tier];
  return {
    regime: regime.id, regimeStatus: regime.status, published: t.published, publicityStart: decidedOn,
    publicityEnd: addDays(addMonths(decidedOn, t.maxMonths), -1), repairEligibleFrom: addMonths(decidedOn, t.minMonths),
  };
}
