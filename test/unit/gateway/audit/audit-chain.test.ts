import { createHash } from 'node:crypto';
import { GENESIS_HASH, canonicalJson, chainHash, chainHashWithBody } from '../../../../gateway/audit/audit-chain';
import { normalizeAuditEntry } from '../../../../gateway/audit/normalize-audit-entry';
import { entry } from './audit-fixture';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}');
  });

  it('drops undefined members, as the stored JSON would', () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });

  it('refuses values JSON cannot carry instead of hashing something else', () => {
    expect(() => canonicalJson({ n: 10n })).toThrow(TypeError);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow(/circular/);
  });

  it('writes a list of strings (the native path) exactly as it writes any other list', () => {
    const strings = ['b', 'a"\\', 'é\u2028', '', '\ud800'];
    const mixed = [...strings, 1];
    expect(canonicalJson(strings)).toBe(canonicalJson(mixed).replace(/,1\]$/, ']'));
    expect(canonicalJson({ list: [] })).toBe('{"list":[]}');
    expect(canonicalJson(['a', , 'b'])).toBe('["a",null,"b"]');
  });

  it('writes an object already in key order (the native path) as it writes one that is not', () => {
    const flat = { a: 'x"', b: 1.5, c: null, d: ['q', 'p'], e: undefined, f: true, g: NaN };
    expect(canonicalJson(flat)).toBe('{"a":"x\\"","b":1.5,"c":null,"d":["q","p"],"f":true,"g":null}');
    expect(canonicalJson({ g: NaN, f: true, d: ['q', 'p'], c: null, b: 1.5, a: 'x"' })).toBe(canonicalJson(flat));
    // JSON.stringify would drop these silently; the record must refuse them.
    expect(() => canonicalJson({ a: 1, f: () => 1 })).toThrow(TypeError);
    expect(() => canonicalJson({ a: 1, s: Symbol('s') })).toThrow(TypeError);
  });

  it('re-canonicalizing the parsed output gives the same text', () => {
    const text = canonicalJson({ x: 0.1 + 0.2, y: -0, s: 'é\u2028"', n: NaN, d: new Date(0) });
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });
});

describe('chainHash', () => {
  it('is sha256 over prevHash, a newline and canonical({seq, ...entry})', () => {
    const { entry: e } = normalizeAuditEntry(entry({ usccs: ['B', 'A', 'B'] }));
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n${canonicalJson({ seq: 1, ...e })}`).digest('hex');
    expect(chainHash(GENESIS_HASH, 1, e)).toBe(expected);
    expect(chainHashWithBody(GENESIS_HASH, 1, e, canonicalJson(e.body))).toBe(expected);
    expect(e.usccs).toEqual(['A', 'B']);
  });

  it('changes with the position and with the link', () => {
    const { entry: e } = normalizeAuditEntry(entry());
    expect(chainHash(GENESIS_HASH, 1, e)).not.toBe(chainHash(GENESIS_HASH, 2, e));
    expect(chainHash(GENESIS_HASH, 1, e)).not.toBe(chainHash('1'.repeat(64), 1, e));
  });
});

describe('normalizeAuditEntry', () => {
  it('accepts only toISOString() times, so text order is time order', () => {
    expect(() => normalizeAuditEntry(entry({ time: '2025-03-01T08:00:00Z' }))).toThrow(/toISOString/);
    expect(() => normalizeAuditEntry(entry({ time: 'yesterday' }))).toThrow(/toISOString/);
  });

  it('keeps only the known fields and turns absent nullable fields into null', () => {
    const { entry: e } = normalizeAuditEntry({ ...entry(), consumer: undefined, extra: 1 } as never);
    expect(e.consumer).toBeNull();
    expect(Object.keys(e).sort()).toEqual(['body', 'consumer', 'outcome', 'purpose', 'requestId', 'subject', 'time', 'type', 'usccs']);
  });
});
