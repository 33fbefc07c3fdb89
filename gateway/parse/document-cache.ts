import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { GraphQLErrorBody } from '../errors/error-catalogue';
import { toErrorBody } from '../errors/format-errors';

export type ParsedOperation =
  | { readonly ok: true; readonly document: DocumentNode }
  | { readonly ok: false; readonly errors: GraphQLErrorBody[] };

/**
 * Parsing and validating a query costs more than planning it once it is cached, so both are
 * done once per distinct query text. Bounded: the oldest entry goes first.
 */
export function createDocumentCache(schema: GraphQLSchema, maxEntries = 2000) {
  const entries = new Map<string, ParsedOperation>();
  return (query: string): ParsedOperation => {
    const hit = entries.get(query);
    if (hit) return hit;
    let result: ParsedOperation;
    try {
      const document = parse(query, { maxTokens: 20_000 });
      const errors = validate(schema, document, specifiedRules, { maxErrors: 20 });
      result = errors.length
        ? { ok: false, errors: errors.map((e) => toErrorBody(e, 'GRAPHQL_VALIDATION_FAILED')) }
        : { ok: true, document };
    } catch (error) {
      const parseError = error instanceof GraphQLError ? error : new GraphQLError(String(error));
      result = { ok: false, errors: [toErrorBody(parseError, 'GRAPHQL_PARSE_FAILED')] };
    }
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
    entries.set(query, result);
    return result;
  };
}
