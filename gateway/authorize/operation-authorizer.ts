import type { DocumentNode, GraphQLSchema } from 'graphql';
import { filterOperation, type Caller, type FilterResult } from './filter-operation';
import { mentionedRequirements, scopeKey, type MentionedRequirements } from './relevant-scopes';
import type { AuthorizationRequirements } from './requirements';

const MAX_CACHED = 5000;

/**
 * Filtering an operation depends only on the document and on the caller's scopes and granted
 * policies that the document mentions, so results are cached under exactly that: callers whose
 * relevant scopes differ never share a filtered document, and so never share a query plan.
 */
export function createOperationAuthorizer(schema: GraphQLSchema, requirements: AuthorizationRequirements) {
  const mentionedByDocument = new WeakMap<DocumentNode, MentionedRequirements>();
  const results = new Map<string, FilterResult>();

  const mentioned = (document: DocumentNode): MentionedRequirements => {
    let needs = mentionedByDocument.get(document);
    if (!needs) {
      needs = mentionedRequirements(requirements, document);
      mentionedByDocument.set(document, needs);
    }
    return needs;
  };

  const filter = (query: string, document: DocumentNode, operationName: string | null, caller: Caller): FilterResult => {
    const needs = mentioned(document);
    if (needs.scopes.size === 0 && !needs.authenticated && needs.policies.size === 0) {
      return { document, denied: [], empty: false };
    }
    const key = `${scopeKey(needs, caller)}\0${operationName ?? ''}\0${query}`;
    let result = results.get(key);
    if (!result) {
      result = filterOperation(schema, requirements, document, operationName, caller);
      if (results.size >= MAX_CACHED) results.delete(results.keys().next().value as string);
      results.set(key, result);
    }
    return result;
  };

  return { mentioned, filter };
}
