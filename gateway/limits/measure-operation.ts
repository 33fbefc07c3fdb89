import { Kind, type DirectiveNode, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/** What the operation limits count, Apollo Router's way (plus directives). */
export interface OperationMeasurements {
  /** Deepest nesting of fields; root fields are depth 1; fragments add no level. */
  readonly depth: number;
  /** Per selection set, the distinct field names (aliased duplicates once), summed over the operation, fragments counted where spread. */
  readonly height: number;
  /** Root fields, every use counted, aliases and fragments included. */
  readonly rootFields: number;
  readonly aliases: number;
  /** Directive applications on the operation, its variables, fields, fragments and spreads. */
  readonly directives: number;
  /** Fragment spreads nested inside fragment spreads (Infinity past `maxFragmentNesting`): bounded like parser recursion. */
  readonly fragmentNesting: number;
  /** Introspection's list fields (`types`, `fields`, `args`, ...) nested in each other: what makes introspection explode. */
  readonly introspectionListNesting: number;
}

/** The list fields of the introspection types; each level multiplies the answer by the schema's size. */
const INTROSPECTION_LISTS = new Set(['types', 'fields', 'args', 'inputFields', 'interfaces', 'possibleTypes', 'enumValues', 'directives']);

interface Counts {
  depth: number;
  height: number;
  aliases: number;
  directives: number;
  fragmentNesting: number;
  introspectionListNesting: number;
  /** Field uses directly in this selection set (through fragments too): the root-field count at the root. */
  fields: number;
}

const cache = new WeakMap<DocumentNode, Map<string, OperationMeasurements | null>>();

/**
 * Measures the operation `operationName` of a parsed (not yet validated) document. Fragments
 * are measured once and counted at every spread, so a fragment spread twice in each of twenty
 * fragments counts 2^20 fields without being expanded; a spread cycle or an unknown fragment
 * counts nothing (validation refuses the document). Null when the operation is not found.
 */
export function measureOperation(document: DocumentNode, operationName: string | null, maxFragmentNesting: number): OperationMeasurements | null {
  let byName = cache.get(document);
  if (!byName) {
    byName = new Map();
    cache.set(document, byName);
  }
  const key = operationName ?? '';
  if (byName.has(key)) return byName.get(key)!;
  const measured = measure(document, operationName, maxFragmentNesting);
  byName.set(key, measured);
  return measured;
}

function measure(document: DocumentNode, operationName: string | null, maxFragmentNesting: number): OperationMeasurements | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const operation = operationName === null
    ? (operations.length === 1 ? operations[0] : undefined)
    : operations.find((o) => o.name?.value === operationName);
  if (!operation) return null;

  const done = new Map<string, Counts>();
  const inProgress = new Set<string>();
  const countDirectives = (directives: readonly DirectiveNode[] | undefined) => directives?.length ?? 0;

  const countSet = (set: SelectionSetNode | undefined): Counts => {
    const counts: Counts = { depth: 0, height: 0, aliases: 0, directives: 0, fragmentNesting: 0, introspectionListNesting: 0, fields: 0 };
    if (!set) return counts;
    const names = new Set<string>();
    const add = (nested: Counts, listLevel = 0) => {
      counts.height += nested.height;
      counts.aliases += nested.aliases;
      counts.directives += nested.directives;
      counts.introspectionListNesting = Math.max(counts.introspectionListNesting, listLevel + nested.introspectionListNesting);
    };
    for (const selection of set.selections) {
      counts.directives += countDirectives(selection.directives);
      if (selection.kind === Kind.FIELD) {
        const nested = countSet(selection.selectionSet);
        add(nested, INTROSPECTION_LISTS.has(selection.name.value) ? 1 : 0);
        counts.depth = Math.max(counts.depth, 1 + nested.depth);
        counts.fragmentNesting = Math.max(counts.fragmentNesting, nested.fragmentNesting);
        counts.fields += 1;
        if (selection.alias) counts.aliases += 1;
        if (!names.has(selection.name.value)) {
          names.add(selection.name.value);
          counts.height += 1;
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const nested = countSet(selection.selectionSet);
        add(nested);
        counts.depth = Math.max(counts.depth, nested.depth);
        counts.fragmentNesting = Math.max(counts.fragmentNesting, nested.fragmentNesting);
        counts.fields += nested.fields;
      } else {
        const nested = countFragment(selection.name.value);
        if (!nested) continue;
        add(nested);
        counts.depth = Math.max(counts.depth, nested.depth);
        counts.fragmentNesting = Math.max(counts.fragmentNesting, 1 + nested.fragmentNesting);
        counts.fields += nested.fields;
      }
    }
    return counts;
  };

  const countFragment = (name: string): Counts | null => {
    const cached = done.get(name);
    if (cached) return cached;
    const definition = fragments.get(name);
    if (!definition || inProgress.has(name)) return null;
    // A chain of fragments each spreading the next is recursion the parser's bracket count does not see.
    if (inProgress.size >= maxFragmentNesting) return { depth: 0, height: 0, aliases: 0, directives: 0, fragmentNesting: Infinity, introspectionListNesting: 0, fields: 0 };
    inProgress.add(name);
    const counts = countSet(definition.selectionSet);
    counts.directives += countDirectives(definition.directives);
    inProgress.delete(name);
    done.set(name, counts);
    return counts;
  };

  const root = countSet(operation.selectionSet);
  let directives = root.directives + countDirectives(operation.directives);
  for (const variable of operation.variableDefinitions ?? []) directives += countDirectives(variable.directives);
  return Object.freeze({
    depth: root.depth,
    height: root.height,
    rootFields: root.fields,
    aliases: root.aliases,
    directives,
    fragmentNesting: root.fragmentNesting,
    introspectionListNesting: root.introspectionListNesting,
  });
}
