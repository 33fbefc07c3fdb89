import { flattenResultsAtPath } from '../../../../gateway/execute/plan/plan-executor';
import { printsAsInteger } from '../../../../gateway/execute/plan/response-shaper';

/** @apollo/gateway's flattenResultsAtPath (executeQueryPlan.ts), as it stands in 2.14. */
function apolloFlatten(value: unknown, path: readonly string[]): unknown {
  if (path.length === 0) return value;
  if (value === undefined || value === null) return value;
  const [current, ...rest] = path;
  if (current === '@') return (value as unknown[]).flatMap((element) => apolloFlatten(element, rest));
  if (Array.isArray(value)) throw new Error(`Unexpected array in result for path element ${current}`);
  return apolloFlatten(Object.prototype.hasOwnProperty.call(value, current!) ? (value as Record<string, unknown>)[current!] : undefined, rest);
}

describe('plan executor: the values at a flatten path', () => {
  const a = { id: 'a', tags: ['x', 'y'] };
  const b = { id: 'b', tags: [] };
  const data = {
    top: [
      { reviews: [{ author: a }, { author: null }, { author: b }], grid: [[a, null], [b]] },
      null,
      { reviews: [], grid: [] },
      { reviews: null, grid: [[], [a]] },
      { grid: null },
    ],
    one: { reviews: [{ author: a }] },
    nothing: null,
  };

  it.each<[string, string[]]>([
    ['a plain field', ['one']],
    ['nested objects', ['one', 'reviews', '@', 'author']],
    ['two levels of lists, nulls and missing fields kept', ['top', '@', 'reviews', '@', 'author']],
    ['a list at the end of the path is flattened one level', ['top', '@', 'reviews']],
    ['lists of lists', ['top', '@', 'grid', '@', '@']],
    ['lists of lists, flattened at the end', ['top', '@', 'grid', '@']],
    ['a leaf list below an @', ['top', '@', 'reviews', '@', 'author', 'tags']],
    ['a null on the way', ['nothing', 'reviews', '@', 'author']],
    ['a missing field', ['nobody', '@']],
    ['an inherited name is not a field', ['constructor']],
  ])('%s: as @apollo/gateway finds them', (_name, path) => {
    expect(flattenResultsAtPath(data, path, 0)).toEqual(apolloFlatten(data, path));
  });

  it('refuses a list where the path names a field, as @apollo/gateway does', () => {
    expect(() => flattenResultsAtPath(data, ['top', 'reviews'], 0)).toThrow('Unexpected array in result for path element reviews');
    expect(() => flattenResultsAtPath(data, ['top', '@', 'grid', '@', 'id'], 0)).toThrow('Unexpected array in result for path element id');
  });
});

describe('response shaper: an Int or ID number is valid when it prints as an integer', () => {
  const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;
  it.each([0, -0, 1, -1, 42, 2 ** 53, -(2 ** 53), 1e20, 999999999999999900000, 1e21, -1e21, 1.5, -0.5, 1e-7, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 123456789012345680000])(
    '%p: as federation-internals\' regular expression over String(value) says',
    (value) => expect(printsAsInteger(value)).toBe(INTEGER.test(String(value))),
  );
});
