import { parse } from 'graphql';
import { measureOperation } from '../../../../gateway/limits/measure-operation';

const measure = (query: string, operationName: string | null = null, maxNesting = 500) => measureOperation(parse(query), operationName, maxNesting);

describe('measuring an operation for the limits (Apollo Router counting)', () => {
  it('counts depth from 1 at the root, through fragments without adding a level', () => {
    expect(measure('{ a }')!.depth).toBe(1);
    expect(measure('{ a { b { c } } }')!.depth).toBe(3);
    expect(measure('{ a { ...F } } fragment F on T { b { c { d } } }')!.depth).toBe(4);
    expect(measure('{ a { ... on T { b { c } } } }')!.depth).toBe(3);
  });

  it('counts height as distinct field names per selection set, aliased duplicates once, fragments where spread', () => {
    expect(measure('{ a b c }')!.height).toBe(3);
    expect(measure('{ x: a y: a z: a }')!.height).toBe(1);
    expect(measure('{ a { b c } d { b } }')!.height).toBe(5);
    // The fragment's two fields count at each of its two spreads.
    expect(measure('{ a { ...F } b { ...F } } fragment F on T { c d }')!.height).toBe(6);
  });

  it('counts every alias and every root field use, aliases and fragments included', () => {
    const measured = measure('{ x: a y: a b { z: c } ...R } fragment R on Query { d e }')!;
    expect(measured.aliases).toBe(3);
    expect(measured.rootFields).toBe(5);
  });

  it('counts directives on the operation, its variables, fields, fragments and spreads', () => {
    const measured = measure('query Q($v: Boolean = true @d) @o { a @include(if: $v) @skip(if: false) ...F @s } fragment F on Query @f { b @x }')!;
    expect(measured.directives).toBe(7);
  });

  it('measures a fragment bomb without expanding it: 2^30 fields from a few hundred bytes', () => {
    const fragments = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const bomb = `{ ...F0 }\n${fragments}\nfragment F30 on Query { a }`;
    const started = performance.now();
    const measured = measure(bomb)!;
    expect(performance.now() - started).toBeLessThan(1000);
    expect(measured.height).toBe(2 ** 30);
    expect(measured.rootFields).toBe(2 ** 30);
  });

  it('stops at a fragment cycle or an unknown fragment (validation refuses those) and flags fragments nested too deep', () => {
    expect(measure('{ ...A } fragment A on Query { a ...B } fragment B on Query { b ...A }')!.height).toBe(2);
    expect(measure('{ a ...Missing }')!.height).toBe(1);
    const chain = Array.from({ length: 50 }, (_, i) => `fragment F${i} on Query { f${i} ...F${i + 1} }`).join('\n');
    expect(measure(`{ ...F0 }\n${chain}\nfragment F50 on Query { end }`, null, 20)!.fragmentNesting).toBe(Infinity);
    expect(measure(`{ ...F0 }\n${chain}\nfragment F50 on Query { end }`, null, 100)!.fragmentNesting).toBe(51);
  });

  it('counts how deep introspection\'s list fields nest in each other', () => {
    expect(measure('{ __schema { types { name fields { args { name } } } } }')!.introspectionListNesting).toBe(3);
    expect(measure('{ __schema { types { fields { type { fields { name } } } } } }')!.introspectionListNesting).toBe(3);
    expect(measure('{ __schema { queryType { name } } }')!.introspectionListNesting).toBe(0);
  });

  it('measures the named operation, and gives up on an unknown or ambiguous one', () => {
    const document = 'query A { a } query B { b { c } }';
    expect(measure(document, 'B')!.depth).toBe(2);
    expect(measure(document, null)).toBeNull();
    expect(measure(document, 'C')).toBeNull();
  });
});
