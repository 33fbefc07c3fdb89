import { withProvenance } from '../../../subgraphs/shared/database';
import type { Provenance } from '../../../subgraphs/shared/types/provenance.type';

type Shaped = Record<string, unknown> & { provenance: Provenance };

const SOURCE = { sourceAgency: '教育部 Ministry of Education', sourceSystem: '监管平台' };

describe('withProvenance', () => {
  it('drops asOf, keeps the other columns in their order, and puts the provenance last', () => {
    const rows = [
      { uscc: 'A', asOf: '2026-03-01T00:00:00.000Z', title: 'one', priceCny: 1.5, nonProfit: 0, note: null },
      { uscc: 'B', asOf: '2026-04-01T08:30:00.000Z', title: 'two', priceCny: 2, nonProfit: 1, note: 'n' },
    ];
    const shaped = withProvenance<Shaped>(rows, SOURCE);
    expect(shaped).toEqual([
      { uscc: 'A', title: 'one', priceCny: 1.5, nonProfit: 0, note: null, provenance: { ...SOURCE, asOf: new Date('2026-03-01T00:00:00.000Z') } },
      { uscc: 'B', title: 'two', priceCny: 2, nonProfit: 1, note: 'n', provenance: { ...SOURCE, asOf: new Date('2026-04-01T08:30:00.000Z') } },
    ]);
    expect(Object.keys(shaped[0]!)).toEqual(['uscc', 'title', 'priceCny', 'nonProfit', 'note', 'provenance']);
    expect(shaped[0]!.provenance.asOf).toBeInstanceOf(Date);
    // New objects: the rows a statement returned are left as they were.
    expect(rows[0]).toHaveProperty('asOf');
  });

  it('copies whatever columns each statement has, however they are spelled', () => {
    const a = withProvenance<Shaped>([{ 'authority.name': 'x', "it's": 'q', 'a"b': 1, asOf: '2026-01-01T00:00:00Z' } as { asOf: string }], SOURCE);
    const b = withProvenance<Shaped>([{ id: 'only', asOf: '2026-01-02T00:00:00Z' } as { asOf: string }], SOURCE);
    expect(a).toEqual([{ 'authority.name': 'x', "it's": 'q', 'a"b': 1, provenance: { ...SOURCE, asOf: new Date('2026-01-01T00:00:00Z') } }]);
    expect(b).toEqual([{ id: 'only', provenance: { ...SOURCE, asOf: new Date('2026-01-02T00:00:00Z') } }]);
    expect(withProvenance([], SOURCE)).toEqual([]);
  });

  it('never sets a prototype from a column named __proto__', () => {
    const row = JSON.parse('{"__proto__": {"polluted": true}, "id": "x", "asOf": "2026-01-01T00:00:00Z"}') as { asOf: string };
    const [shaped] = withProvenance<Shaped>([row], SOURCE);
    expect(Object.getPrototypeOf(shaped)).toBe(Object.prototype);
    expect(shaped!.polluted).toBeUndefined();
  });
});
