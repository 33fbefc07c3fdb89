import type { InstitutionFacts } from '../../../intel/facts/institution-facts';
import { COMPARE } from '../../../intel/rules/comparisons';
import { evaluateRules } from '../../../intel/rules/evaluate-rules';
import { parseRiskRules, riskRuleSets, ruleSetInForce, thresholdsFor } from '../../../intel/rules/risk-rules';

const base: InstitutionFacts = {
  uscc: '91330106MA01WR1TXL', name: '杭州示例', regionCode: '330106', list: { state: 'WHITE', on: '2025-01-01', ref: 'L' },
  regulatory: { state: 'APPROVED', asOf: '2025-01-01T00:00:00.000Z', ref: 'RS-1' }, courses: [], trainers: [],
  complaints: [], registration: { status: 'OPERATING', asOf: '2026-11-01' }, abnormalListings: [], seriousListings: [], judgmentDefaulters: [],
  custody: { balanceCny: 400_000, outstandingCny: 300_000, requiredRatio: 1, asOf: '2026-10-31', settlementState: 'ACTIVE' }, snapshots: [], staffFlags: [], openAlerts: [],
};

describe('risk rules', () => {
  const set = ruleSetInForce(riskRuleSets(), '2026-12-01');
  const rule = (id: string) => set.rules.find((r) => r.id === id)!;

  it('reads the committed rules: every rule with a known comparison and a legal basis', () => {
    expect(set.version).toBe('2026.1');
    expect(set.rules.map((r) => r.id)).toContain('R-CUSTODY-COVERAGE');
    for (const r of set.rules) expect(r.legalBasis.length).toBeGreaterThan(5);
    expect(() => parseRiskRules({ versions: [{ version: 'x', validFrom: '2026-01-01', rules: { 'R-XY': { comparison: 'GUESSWORK', title: 't', legalBasis: 'b' } } }] }))
      .toThrow(/R-XY.comparison must be one of CUSTODY_COVERAGE/);
    expect(() => parseRiskRules({ versions: [{ version: 'x', validFrom: '2026-01-01', rules: { 'R-XY': { comparison: 'EXIT_RISK', title: 't' } } }] }))
      .toThrow(/R-XY.legalBasis must be a non-empty string/);
    expect(() => parseRiskRules({ versions: [{ version: 'x', validFrom: '2026-01-01', rules: { 'R-XY': { comparison: 'EXIT_RISK', title: 't', legalBasis: 'b', regions: { ABC: {} } } } }] }))
      .toThrow(/'ABC' is not a GB\/T 2260 prefix/);
  });

  it('reads a version that amends another as the amended rules with its own added or replaced, in force from its day', () => {
    const sets = riskRuleSets();
    const before = ruleSetInForce(sets, '2026-12-01');
    const amended = ruleSetInForce(sets, '2026-12-02');
    expect(amended.version).toBe('2026.2');
    expect(amended.rules.map((r) => r.id)).toEqual([...before.rules.map((r) => r.id), 'R-EXIT-UNSETTLED-CUSTODY']);
    expect(before.rules.map((r) => r.id)).not.toContain('R-EXIT-UNSETTLED-CUSTODY');
    const spec = (legalBasis: string) => ({ comparison: 'EXIT_RISK', title: 't', legalBasis });
    const first = { version: 'a', validFrom: '2026-01-01', rules: { 'R-ONE': spec('one'), 'R-TWO': spec('two') } };
    const [, second] = parseRiskRules({ versions: [first, { version: 'b', validFrom: '2026-06-01', amends: 'a', rules: { 'R-TWO': spec('two, amended'), 'R-THREE': spec('three') } }] });
    expect(second!.rules.map((r) => [r.id, r.legalBasis])).toEqual([['R-ONE', 'one'], ['R-TWO', 'two, amended'], ['R-THREE', 'three']]);
    expect(() => parseRiskRules({ versions: [first, { version: 'b', validFrom: '2026-06-01', amends: 'z', rules: {} }] })).toThrow(/b.amends must name a version listed before it, instead got "z"/);
    expect(() => parseRiskRules({ versions: [first, { version: 'b', validFrom: '2025-06-01', amends: 'a', rules: {} }] })).toThrow(/b.validFrom must be after that of a/);
    expect(() => parseRiskRules({ versions: [first, first] })).toThrow(/a: the version appears twice/);
  });

  it('finds an institution closed before finance settled its custody (RED), and one winding up that still owes learners (YELLOW)', () => {
    const t = thresholdsFor(ruleSetInForce(riskRuleSets(), '2026-12-02').rules.find((r) => r.id === 'R-EXIT-UNSETTLED-CUSTODY')!, base.regionCode);
    const compare = (state: string, custody: Partial<NonNullable<InstitutionFacts['custody']>> | null) =>
      COMPARE.EXIT_WITH_UNSETTLED_CUSTODY({ ...base, regulatory: { ...base.regulatory!, state }, custody: custody && { ...base.custody!, ...custody } }, t, '2026-12-02');
    // Opened after the closure read "nothing on record": nothing owed yet, and still RED.
    const raced = compare('CLOSED', { outstandingCny: 0, balanceCny: 0 });
    expect(raced?.level).toBe('RED');
    expect(raced?.evidence.map((e) => [e.agency, e.fact, e.value])).toEqual([
      ['education', 'regulatoryStatus', 'CLOSED'], ['finance', 'custodySettlement', 'ACTIVE'], ['finance', 'prepaidFeesOutstandingCny', '0'],
    ]);
    expect(compare('CLOSED', { settlementState: null })?.evidence[1]?.value).toBe('NOT_ON_RECORD');
    expect(compare('CLOSED', { settlementState: 'SETTLED' })).toBeNull();
    expect(compare('CLOSED', null)).toBeNull();
    for (const state of ['REVOKED', 'TERMINATING', 'LIQUIDATING']) {
      expect([state, compare(state, {})?.level]).toEqual([state, 'YELLOW']);
      expect([state, compare(state, { outstandingCny: 0 })]).toEqual([state, null]);
    }
    expect(compare('APPROVED', {})).toBeNull();
    expect(COMPARE.EXIT_WITH_UNSETTLED_CUSTODY({ ...base, regulatory: null }, t, '2026-12-02')).toBeNull();
  });

  it('takes a region\'s thresholds by the longest prefix', () => {
    expect(thresholdsFor(rule('R-CUSTODY-COVERAGE'), '330106').minBalanceCny).toBe(300_000);
    expect(thresholdsFor(rule('R-CUSTODY-COVERAGE'), '440305').minBalanceCny).toBe(0);
    const custom = { ...rule('R-CUSTODY-COVERAGE'), regions: { '33': { redBelow: 0.5 }, '3301': { redBelow: 0.7 } } };
    expect(thresholdsFor(custom, '330106').redBelow).toBe(0.7);
    expect(thresholdsFor(custom, '330206').redBelow).toBe(0.5);
  });

  it('compares custody with the required cover, and Hangzhou\'s minimum balance', () => {
    const t = thresholdsFor(rule('R-CUSTODY-COVERAGE'), '440305');
    expect(COMPARE.CUSTODY_COVERAGE({ ...base, custody: { ...base.custody!, balanceCny: 270_000 } }, t, '2026-12-01')?.level).toBe('YELLOW');
    expect(COMPARE.CUSTODY_COVERAGE({ ...base, custody: { ...base.custody!, balanceCny: 200_000 } }, t, '2026-12-01')?.level).toBe('RED');
    expect(COMPARE.CUSTODY_COVERAGE(base, t, '2026-12-01')).toBeNull();
    const hangzhou = thresholdsFor(rule('R-CUSTODY-COVERAGE'), '330106');
    expect(COMPARE.CUSTODY_COVERAGE({ ...base, custody: { ...base.custody!, balanceCny: 250_000, outstandingCny: 100_000 } }, hangzhou, '2026-12-01')?.level).toBe('YELLOW');
  });

  it('counts refund complaints in the period only, and names each', () => {
    const t = thresholdsFor(rule('R-REFUND-COMPLAINTS'), base.regionCode);
    const complaint = (id: string, receivedOn: string, category = 'REFUND', status = 'RECEIVED') => ({ id, category, status, receivedOn });
    const facts = { ...base, complaints: [complaint('Q1', '2026-10-01'), complaint('Q2', '2026-11-30'), complaint('Q3', '2024-01-01'), complaint('Q4', '2026-11-01', 'OVERCHARGING'), complaint('Q5', '2026-11-02', 'REFUND', 'DISMISSED')] };
    const firing = COMPARE.REFUND_COMPLAINTS(facts, t, '2026-12-01');
    expect(firing?.level).toBe('YELLOW');
    expect(firing?.evidence.map((e) => e.recordRef)).toEqual(['Q1', 'Q2']);
  });

  it('finds a white-listed institution that market regulation listed or revoked, and one black-listed still selling', () => {
    const abnormal = { ...base, abnormalListings: [{ id: 'AB1', listedOn: '2026-09-01' }] };
    expect(COMPARE.WHITE_BUT_MARKET_TROUBLE(abnormal, {}, '2026-12-01')?.level).toBe('YELLOW');
    expect(COMPARE.WHITE_BUT_MARKET_TROUBLE({ ...abnormal, registration: { status: 'REVOKED', asOf: '2026-10-01' } }, {}, '2026-12-01')?.level).toBe('RED');
    expect(COMPARE.WHITE_BUT_MARKET_TROUBLE({ ...abnormal, list: { state: 'BLACK', on: '2026-01-01', ref: 'L' } }, {}, '2026-12-01')).toBeNull();
    const black = { ...base, list: { state: 'BLACK', on: '2026-06-01', ref: 'L' }, courses: [{ id: 'C1', reviewStatus: 'APPROVED', asOf: '2026-07-01T00:00:00Z' }, { id: 'C2', reviewStatus: 'REJECTED', asOf: '2026-07-01T00:00:00Z' }] };
    expect(COMPARE.BLACK_WITH_COURSES(black, {}, '2026-12-01')?.evidence.map((e) => e.recordRef)).toEqual(['L', 'C1']);
  });

  it('is pure: the same facts give the same findings, and a good institution none', () => {
    expect(evaluateRules(set, base, '2026-12-01')).toEqual([]);
    const bad = { ...base, custody: { ...base.custody!, balanceCny: 10 }, staffFlags: [{ trainerId: 'T99', list: 'STAFF_BLACK', recordRef: 'P1', listedOn: '2025-01-01' }] };
    expect(evaluateRules(set, bad, '2026-12-01')).toEqual(evaluateRules(set, bad, '2026-12-01'));
    expect(evaluateRules(set, bad, '2026-12-01').map((f) => [f.ruleId, f.level])).toEqual([['R-CUSTODY-COVERAGE', 'RED'], ['R-LISTED-STAFF', 'RED']]);
  });
});
