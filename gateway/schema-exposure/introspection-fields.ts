import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

export interface IntrospectionUse {
  /** The document selects `__schema` or `__type` somewhere. */
  readonly introspects: boolean;
  /** Every root field of every operation is `__schema`, `__type` or `__typename`. */
  readonly only: boolean;
}

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);
const cache = new WeakMap<DocumentNode | OperationDefinitionNode, IntrospectionUse>();

/**
 * Where a parsed (not yet validated) document introspects, in any of its operations or in the one
 * given; fragments are followed, cycles are not.
 */
export function introspectionUse(document: DocumentNode, operation?: OperationDefinitionNode): IntrospectionUse {
  const cached = cache.get(operation ?? document);
  if (cached) return cached;
  const fragments = new Map<string, SelectionSetNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition.selectionSet);
  let introspects = false;
  let only = true;
  // Iterative, so a document of any shape cannot overflow the stack here.
  const stack: [SelectionSetNode, boolean][] = [];
  for (const definition of operation ? [operation] : document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) stack.push([definition.selectionSet, true]);
  }
  const visited = new Set<string>();
  while (stack.length > 0) {
    const [set, root] = stack.pop()!;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (INTROSPECTION_ROOTS.has(selection.name.value)) introspects = true;
        else if (root && selection.name.value !== '__typename') only = false;
        if (selection.selectionSet) stack.push([selection.selectionSet, false]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        stack.push([selection.selectionSet, root]);
      } else {
        const key = `${selection.name.value}\u0000${root}`;
        const fragment = fragments.get(selection.name.value);
        if (fragment && !visited.has(key)) {
          visited.add(key);
          stack.push([fragment, root]);
        }
      }
    }
  }
  const use = { introspects, only: introspects && only };
  cache.set(operation ?? document, use);
  return use;
}
