import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';

export interface ParserLimits {
  readonly maxTokens: number;
  readonly maxRecursion: number;
}

const OPENING = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * Lexes the query once, iteratively, before graphql-js's recursive-descent parser sees it: more
 * tokens than `maxTokens`, or braces, brackets and parentheses nested deeper than `maxRecursion`
 * (selections, list and object values, list types), and the query is refused here, so no input
 * can drive the parser, the validator or the planner into a stack overflow. Returns null when the
 * query is within both limits; a syntax error is left for the parser to report.
 */
export function checkParserLimits(query: string, limits: ParserLimits): GraphQLError | null {
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  let depth = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      tokens += 1;
      if (tokens > limits.maxTokens) {
        return new GraphQLError(`parser token limit reached: the query has more than ${limits.maxTokens} tokens`, {
          extensions: { code: 'GRAPHQL_PARSE_FAILED', limit: 'parser_max_tokens', max: limits.maxTokens },
        });
      }
      if (OPENING.has(token.kind)) {
        depth += 1;
        if (depth > limits.maxRecursion) {
          return new GraphQLError(`parser recursion limit reached: the query nests more than ${limits.maxRecursion} levels`, {
            extensions: { code: 'GRAPHQL_PARSE_FAILED', limit: 'parser_max_recursion', max: limits.maxRecursion },
            source: lexer.source,
            positions: [token.start],
          });
        }
      } else if (CLOSING.has(token.kind)) {
        depth -= 1;
      }
    }
  } catch (error) {
    if (error instanceof GraphQLError) return null;
    throw error;
  }
  return null;
}

/**
 * The deepest nesting of arrays and objects in a JSON value (the request's variables), walked
 * with an explicit stack and given up on past `max`: JSON.parse builds any depth, but graphql-js
 * coerces values recursively and JSON.stringify overflows on them.
 */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
