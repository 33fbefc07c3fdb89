import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { GraphQLErrorBody } from '../errors/error-catalogue';
import { toErrorBody } from '../errors/format-errors';
import { checkParserLimits, type ParserLimits } from './parser-limits';

export type ParsedOperation =
  | { readonly ok: true; readonly document: DocumentNode }
  | { readonly ok: false; readonly errors: GraphQLErrorBody[] };

/**
 * Parsing and validating a query costs more than planning it once it is cached, so both are
 * done once per distinct query text. Bounded: the oldest entry goes first. Parsing and validation
 * are separate steps so that the operation limits can refuse a document before validation, whose
 * overlapping-fields rule is quadratic in the fields of a selection set.
 */
export function createDocumentCache(schema: GraphQLSchema, parserLimits: ParserLimits, maxEntries = 2000) {
  const entries = new Map<string, ParsedOperation>();
  const validated = new WeakMap<DocumentNode, GraphQLErrorBody[]>();
  return {
    parse(query: string): ParsedOperation {
      const hit = entries.get(query);
      if (hit) return hit;
      let result: ParsedOperation;
      try {
        const limitError = checkParserLimits(query, parserLimits);
        if (limitError) throw limitError;
        result = { ok: true, document: parse(query, { maxTokens: parserLimits.maxTokens }) };
      } catch (error) {
        const parseError = error instanceof GraphQLError ? error : new GraphQLError(String(error));
        result = { ok: false, errors: [toErrorBody(parseError, 'GRAPHQL_PARSE_FAILED')] };
      }
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(query, result);
      return result;
    },

    /** The document's validation errors against the API schema (none: it is valid). */
    validate(document: DocumentNode): GraphQLErrorBody[] {
      let errors = validated.get(document);
      if (!errors) {
        errors = validate(schema, document, specifiedRules, { maxErrors: 20 }).map((e) => toErrorBody(e, 'GRAPHQL_VALIDATION_FAILED'));
        validated.set(document, errors);
      }
      return errors;
    },
  };
}
