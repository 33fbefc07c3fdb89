/**
 * Cache key for filtered documents and query plans (Router's CacheKeyMetadata, reference §1.7):
 * the caller's authenticated flag, plus the caller's scopes and passing policies intersected with
 * the scopes / policies that the document can possibly be checked against. Two callers with equal
 * keys get the same filter result for this document, so their plans can be shared; tokens that
 * differ only in irrelevant scopes share plans, and no plan is shared across relevant differences.
 *
 * The set of mentioned scopes is an over-approximation of what `filterOperation` checks (every
 * operation of the document, every possible type of every abstract level, every version of an
 * interface field): that can only make keys differ more often, never wrongly equal.
 */
import { Kind, type DocumentNode, type SelectionSetNode } from 'graphql';

import type { Caller } from './filter-operation';
import type { AuthorizationRequirements, Requirement } from './requirements';

export interface MentionedRequirements {
  readonly authenticated: boolean;
  readonly scopes: ReadonlySet<string>;
  readonly policies: ReadonlySet<string>;
}

/**
 * Every scope and policy the filter could evaluate for this document (for the cache key, and for
 * asking a policy evaluator only about the policies that matter — Router's `required_policies`).
 */
export function mentionedRequirements(requirements: AuthorizationRequirements, document: DocumentNode): MentionedRequirements {
  const scopes = new Set<string>();
  const policies = new Set<string>();
  let authenticated = false;
  const add = (requirement: Requirement | undefined): void => {
    if (!requirement) return;
    if (requirement.authenticated) authenticated = true;
    for (const set of requirement.scopes ?? []) for (const s of set) scopes.add(s);
    for (const set of requirement.policies ?? []) for (const p of set) policies.add(p);
  };
  const addType = (name: string): void => {
    add(requirements.types.get(name));
    for (const object of requirements.possibleTypes.get(name) ?? []) add(requirements.types.get(object));
  };

  const fragments = new Map<string, { typeCondition: string; selectionSet: SelectionSetNode }>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, {
        typeCondition: definition.typeCondition.name.value,
        selectionSet: definition.selectionSet,
      });
    }
  }
  const visitedFragments = new Set<string>();
  const visitedSets = new Set<string>();

  const walk = (set: SelectionSetNode, typeName: string): void => {
    addType(typeName);
    const versions = [typeName, ...(requirements.possibleTypes.get(typeName) ?? [])];
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__typename' || name === '__schema' || name === '__type') continue;
        for (const version of versions) {
          const coordinate = `${version}.${name}`;
          add(requirements.fields.get(coordinate));
          const byArgument = selection.arguments?.length ? requirements.argumentTypes.get(coordinate) : undefined;
          for (const argument of byArgument ? selection.arguments! : []) {
            for (const type of byArgument!.get(argument.name.value) ?? []) add(requirements.types.get(type));
          }
          const returnType = requirements.returnTypes.get(coordinate);
          if (returnType === undefined) continue;
          if (selection.selectionSet) {
            // A selection set is resolved the same way wherever it sits: visit it once per type.
            const id = `${returnType}\u0000${selection.loc?.start ?? ''}`;
            if (selection.loc && visitedSets.has(id)) continue;
            visitedSets.add(id);
            walk(selection.selectionSet, returnType);
          } else {
            addType(returnType);
          }
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, selection.typeCondition?.name.value ?? typeName);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A named fragment resolves against its own type condition, wherever it is spread.
        if (!fragment || visitedFragments.has(name)) continue;
        visitedFragments.add(name);
        walk(fragment.selectionSet, fragment.typeCondition);
      }
    }
  };

  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      walk(definition.selectionSet, requirements.rootTypes[definition.operation]);
    }
  }
  return { authenticated, scopes, policies };
}

function intersection(held: ReadonlySet<string> | undefined, mentioned: ReadonlySet<string>): string[] {
  const out: string[] = [];
  if (!held || mentioned.size === 0) return out;
  const [small, big] = held.size <= mentioned.size ? [held, mentioned] : [mentioned, held];
  for (const item of small) if (big.has(item)) out.push(item);
  return out.sort();
}

/**
 * Short, unambiguous key: `a` / `n` (authenticated or not), then the JSON arrays of the relevant
 * scopes and passing policies. Example: `a["inst:read"][]`.
 */
export function relevantScopeKey(requirements: AuthorizationRequirements, document: DocumentNode, caller: Caller): string {
  return scopeKey(mentionedRequirements(requirements, document), caller);
}

/** The same key from requirements already gathered (the gateway caches them per document). */
export function scopeKey(mentioned: MentionedRequirements, caller: Caller): string {
  return `${caller.authenticated ? 'a' : 'n'}${JSON.stringify(intersection(caller.scopes, mentioned.scopes))}${JSON.stringify(
    intersection(caller.policies, mentioned.policies),
  )}`;
}
