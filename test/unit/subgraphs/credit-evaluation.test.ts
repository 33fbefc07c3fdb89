import { randomBytes } from 'node:crypto';
import { parseCreditSchemes, schemeInForce } from '../../../subgraphs/credit/evaluation/credit-scheme';
import { evaluate, seesEverything, type EvaluationInput } from '../../../subgraphs/credit/evaluation/evaluate';
import { createFactSeal, MAX_SHEET_AGE_MS } from '../../../subgraphs/shared/credit-facts/fact-seal';
import { readRulesFile } from '../../../subgraphs/shared/commands/rules';

const scheme = parseCreditSchemes({
  versions: [{
    version: 't1', validFrom: '2026-01-01', status: 'unverified', basis: 'test', baseScore: 100, minScore: 0, maxScore: 100,
    grades: [{ grade: 'A', minScore: 90, meaning: '优' }, { grade: 'B', minScore: 75, meaning: '良' }, { grade: 'D', minScore: 0, meaning: '差' }],
    indicators: {
      'market.PENALTY_GENERAL': { weight: -6, cap: -15, visibleWith: [['market:penalty:read']] },
      'education.COMPLAINT_REFUND': { weight: -2, visibleWith: [['education:complaint:read'], ['education:complaint:write']] },
      'credit.INCENTIVE_LISTING': { weight: 3, cap: 3, visibleWith: [] },
    },
  }],
})[0]!;

const input = (agency: string, fact: string, recordRef: string, isPublic: boolean, asOf = '2026-05-01'): EvaluationInput => ({ agency, fact, recordRef, asOf, public: isPublic });

describe('the credit scheme and the evaluation', () => {
  it('reads the committed scheme and picks the version in force', () => {
    const schemes = parseCreditSchemes(readRulesFile('credit-scheme.json'));
    expect(schemeInForce('2026-06-01', schemes).version).toBe('2026.1');
    expect(() => schemeInForce('2020-01-01', schemes)).toThrow(/no version in force on 2020-01-01/);
  });

  it('refuses a scheme that is not whole, naming the problem', () => {
    const bad = (patch: Record<string, unknown>) => () => parseCreditSchemes({ versions: [{ version: 'x', validFrom: '2026-01-01', baseScore: 100, minScore: 0, maxScore: 100,
      grades: [{ grade: 'A', minScore: 0 }], indicators: {}, ...patch }] });
    expect(bad({ indicators: { 'nowhere.FACT': { weight: 1, visibleWith: [] } } })).toThrow(/'nowhere.FACT' is not <agency>.<FACT>/);
    expect(bad({ indicators: { 'market.X': { weight: -1, cap: 3, visibleWith: [] } } })).toThrow(/cap must have the weight's sign/);
    expect(bad({ indicators: { 'market.X': { weight: -1, visibleWith: [['not a scope']] } } })).toThrow(/visibleWith must be a list/);
    expect(bad({ grades: [{ grade: 'A', minScore: 50 }, { grade: 'B', minScore: 60 }] })).toThrow(/descending minScore/);
    expect(bad({ validFrom: '2026-13-01' })).toThrow(/validFrom must be a YYYY-MM-DD date/);
  });

  it('weighs every input whoever asks, caps an indicator, and shows each caller the factors its scopes open', () => {
    const inputs = [
      input('market', 'PENALTY_GENERAL', 'P1', true), input('market', 'PENALTY_GENERAL', 'P2', false), input('market', 'PENALTY_GENERAL', 'P3', false),
      input('education', 'COMPLAINT_REFUND', 'Q1', false), input('credit', 'INCENTIVE_LISTING', 'I1', true), input('credit', 'INCENTIVE_LISTING', 'I2', true),
      input('ip', 'UNKNOWN_FACT', 'X', true),
    ];
    const anonymous = evaluate('U', scheme, '2026-06-01', inputs, new Set());
    const market = evaluate('U', scheme, '2026-06-01', inputs, new Set(['market:penalty:read']));
    // -6 -6 -3 (cap -15), -2, +3 +0 (cap 3): 100 - 15 - 2 + 3 = 86.
    expect([anonymous.score, anonymous.grade, market.score, market.grade]).toEqual([86, 'B', 86, 'B']);
    expect(anonymous.factors.map((f) => f.recordRef)).toEqual(['I1', 'I2', 'P1']);
    expect(market.factors.map((f) => [f.recordRef, f.contribution])).toEqual([['I1', 3], ['I2', 0], ['P1', -6], ['P2', -6], ['P3', -3]]);
    expect(anonymous.inputsHash).toBeNull();
    const all = new Set(['market:penalty:read', 'education:complaint:write']);
    expect(seesEverything(scheme, all)).toBe(true);
    const full = evaluate('U', scheme, '2026-06-01', inputs, all);
    expect(full.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(evaluate('U', scheme, '2026-06-01', [...inputs].reverse(), all).inputsHash).toBe(full.inputsHash);
    expect(evaluate('U', scheme, '2026-06-02', inputs, all).inputsHash).not.toBe(full.inputsHash);
  });

  it('never goes below the scheme\'s floor', () => {
    const many = Array.from({ length: 80 }, (_, i) => input('education', 'COMPLAINT_REFUND', `Q${i}`, false));
    expect(evaluate('U', scheme, '2026-06-01', many, new Set())).toEqual(expect.objectContaining({ score: 0, grade: 'D', gradeMeaning: '差' }));
  });
});

describe('sealed credit facts', () => {
  const seal = createFactSeal([{ kid: 'k2', key: randomBytes(32) }, { kid: 'k1', key: randomBytes(32) }]);
  const sheet = { agency: 'market', uscc: '91110108MA01WR1TXL', issuedAt: new Date().toISOString(), facts: [{ fact: 'PENALTY_GENERAL', recordRef: '京市监罚〔2026〕1号', asOf: '2026-01-01', public: false }] };

  it('opens only for the agency and institution it was sealed for, fresh and untouched', () => {
    const sealed = seal.seal(sheet);
    expect(sealed).not.toContain('京市监罚');
    expect(seal.open(sealed, 'market', sheet.uscc, new Date())).toEqual(sheet);
    expect(seal.open(sealed, 'finance', sheet.uscc, new Date())).toBeNull();
    expect(seal.open(sealed, 'market', '91110108MA01WR2XXX', new Date())).toBeNull();
    expect(seal.open(sealed, 'market', sheet.uscc, new Date(Date.now() + MAX_SHEET_AGE_MS + 1000))).toBeNull();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    expect(seal.open([...parts.slice(0, 3), body.toString('base64url'), parts[4]].join('.'), 'market', sheet.uscc, new Date())).toBeNull();
    expect(seal.open('cf1.unknown-kid.a.b.c', 'market', sheet.uscc, new Date())).toBeNull();
  });

  it('pads every sheet to whole kilobytes, so its size says little', () => {
    const lengths = [0, 1, 12].map((n) => Buffer.from(seal.seal({ ...sheet, facts: Array.from({ length: n }, () => sheet.facts[0]!) }).split('.')[3]!, 'base64url').length);
    expect(lengths.every((l) => l % 1024 === 0)).toBe(true);
    expect(lengths[0]).toBe(lengths[1]);
  });
});
