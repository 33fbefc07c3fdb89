import { parse } from 'graphql';
import { checkParserLimits, jsonDepthExceeds } from '../../../../gateway/parse/parser-limits';

const LIMITS = { maxTokens: 15000, maxRecursion: 500 };

describe('parser limits, checked by an iterative lexer pass before the parser runs', () => {
  it('lets an ordinary query through', () => {
    expect(checkParserLimits('query Q($u: USCC!) { institution(uscc: $u) { name courses(first: 5) { title } } }', LIMITS)).toBeNull();
  });

  it('refuses more tokens than the limit, counting names, punctuation and values but not comments', () => {
    const fields = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `f${i}`).join(' ')} }`;
    expect(checkParserLimits(fields(10), { ...LIMITS, maxTokens: 12 })).toBeNull();
    const refused = checkParserLimits(fields(11), { ...LIMITS, maxTokens: 12 });
    expect(refused?.message).toBe('parser token limit reached: the query has more than 12 tokens');
    expect(refused?.extensions).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', limit: 'parser_max_tokens', max: 12 });
    expect(checkParserLimits(`# ${'x '.repeat(1000)}\n{ a }`, { ...LIMITS, maxTokens: 3 })).toBeNull();
  });

  it('refuses selections, list and object values and list types nested past the recursion limit, where graphql-js would overflow', () => {
    const deepSelection = `{ ${'a { '.repeat(20000)}b${' }'.repeat(20000)} }`;
    const deepList = `{ f(x: ${'['.repeat(20000)}${']'.repeat(20000)}) }`;
    const deepObject = `{ f(x: ${'{a: '.repeat(20000)}1${'}'.repeat(20000)}) }`;
    const deepType = `query($v: ${'['.repeat(20000)}Int${']'.repeat(20000)}) { a }`;
    for (const query of [deepSelection, deepList, deepObject, deepType]) {
      expect(() => parse(query)).toThrow(RangeError);
      const refused = checkParserLimits(query, { maxTokens: 1_000_000, maxRecursion: 500 });
      expect(refused?.message).toBe('parser recursion limit reached: the query nests more than 500 levels');
      expect(refused?.locations?.[0]).toBeDefined();
    }
    expect(checkParserLimits(`{ ${'a { '.repeat(499)}b${' }'.repeat(499)} }`, LIMITS)).toBeNull();
  });

  it('leaves syntax errors to the parser, which reports them with its own message', () => {
    expect(checkParserLimits('{ a "unterminated', LIMITS)).toBeNull();
  });

  it('measures variables nested in JSON with an explicit stack, any depth', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(jsonDepthExceeds(deep, 500)).toBe(true);
    expect(jsonDepthExceeds({ a: [{ b: [1, 2] }] }, 4)).toBe(false);
    expect(jsonDepthExceeds({ a: [{ b: [1, 2] }] }, 3)).toBe(true);
    expect(jsonDepthExceeds('scalar', 0)).toBe(false);
  });
});
