/**
 * Fixes two wrong answers of @apollo/gateway's planner without forking it, both about response
 * keys the planner uses for itself:
 *
 * - A `@requires` needs a field with arguments (`poundsLabel @requires(fields: "weight(unit: LB)")`)
 *   and the client selects the same field under the same key with other arguments
 *   (`weight(unit: KG)`): the planner fetches it once, with the client's arguments, and hands that
 *   value to the requiring subgraph (apollographql/federation#2276, #2996).
 * - The client's alias is the name of another field of the type (`id: name`): the planner adds the
 *   key field `id` to the same fetch under the same key, and one value overwrites the other
 *   (apollographql/router#6222, "JS silently does the wrong thing").
 *
 * Such selections get a private alias before planning, so the planner's fields and the client's
 * never share a key; the client's keys are put back afterwards (in data and in error paths, keeping
 * key order). A document with neither case is planned untouched.
 */
import {
  getNamedType,
  GraphQLError,
  isAbstractType,
  isCompositeType,
  isObjectType,
  Kind,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

const ALIAS_BASE = '_clientKey';

/** `Type.field` coordinates that some `@requires` selects with arguments. */
export function fieldsRequiredWithArguments(supergraphSdl: string, apiSchema: GraphQLSchema): ReadonlySet<string> {
  const found = new Set<string>();
  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? apiSchema.getType(selection.typeCondition.name.value) : parent;
        if (condition && isCompositeType(condition)) walk(selection.selectionSet, condition);
        continue;
      }
      if (selection.kind !== Kind.FIELD || !('getFields' in parent)) continue;
      const field = parent.getFields()[selection.name.value];
      // A required field the API schema hides cannot be selected by a client, so cannot clash.
      if (!field) continue;
      if (selection.arguments?.length) found.add(`${parent.name}.${field.name}`);
      const named = getNamedType(field.type);
      if (selection.selectionSet && isCompositeType(named)) walk(selection.selectionSet, named);
    }
  };
  visit(parse(supergraphSdl), {
    ObjectTypeDefinition(node) {
      const type = apiSchema.getType(node.name.value);
      if (!type || !isObjectType(type)) return;
      for (const field of node.fields ?? []) {
        for (const directive of field.directives ?? []) {
          if (directive.name.value !== 'join__field') continue;
          const requires = directive.arguments?.find((a) => a.name.value === 'requires')?.value;
          if (requires?.kind === Kind.STRING && requires.value.includes('(')) {
            walk((parse(`{${requires.value}}`).definitions[0] as { selectionSet: SelectionSetNode }).selectionSet, type);
          }
        }
      }
    },
  });
  return found;
}

export interface AliasRewrite {
  /** What to plan: the client's document with the clashing selections aliased. */
  readonly document: DocumentNode;
  /** Puts the client's response keys back, in place. */
  restore<T extends { data?: unknown; errors?: readonly GraphQLError[]; extensions?: Record<string, unknown> }>(result: T): T;
}

const UNCHANGED = (document: DocumentNode): AliasRewrite => ({ document, restore: (result) => result });

export function createAliasRewriter(schema: GraphQLSchema, clashing: ReadonlySet<string>) {
  const cache = new WeakMap<DocumentNode, AliasRewrite>();

  const versions = (parent: GraphQLCompositeType): readonly GraphQLCompositeType[] =>
    isAbstractType(parent) ? [parent, ...schema.getPossibleTypes(parent)] : [parent];
  const applies = (parent: GraphQLCompositeType | null | undefined, node: FieldNode): boolean => {
    if (!parent) return false;
    const field = node.name.value;
    const alias = node.alias?.value;
    return versions(parent).some(
      (type) =>
        clashing.has(`${type.name}.${field}`) ||
        (alias !== undefined && alias !== field && (alias === '__typename' || ('getFields' in type && alias in type.getFields()))),
    );
  };

  return (document: DocumentNode): AliasRewrite => {
    let rewrite = cache.get(document);
    if (rewrite) return rewrite;
    const used = new Set<string>();
    visit(document, { Field: (node) => void used.add(node.alias?.value ?? node.name.value) });
    const keys = new Map<string, string>();
    let next = 0;
    const typeInfo = new TypeInfo(schema);
    const rewritten = visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field(node: FieldNode): FieldNode | undefined {
          if (!applies(typeInfo.getParentType(), node)) return undefined;
          let alias: string;
          do alias = `${ALIAS_BASE}${next++}`;
          while (used.has(alias));
          keys.set(alias, node.alias?.value ?? node.name.value);
          return { ...node, alias: { kind: Kind.NAME, value: alias } };
        },
      }),
    );
    rewrite = keys.size === 0 ? UNCHANGED(document) : { document: rewritten, restore: (result) => restoreKeys(result, keys) };
    cache.set(document, rewrite);
    return rewrite;
  };
}

function renameDeep(value: unknown, keys: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => renameDeep(item, keys));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[keys.get(key) ?? key] = renameDeep(child, keys);
  return out;
}

function renamePath(error: GraphQLError, keys: ReadonlyMap<string, string>): GraphQLError {
  if (!error.path?.some((segment) => typeof segment === 'string' && keys.has(segment))) return error;
  const path = error.path.map((segment) => (typeof segment === 'string' ? (keys.get(segment) ?? segment) : segment));
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

function restoreKeys<T extends { data?: unknown; errors?: readonly GraphQLError[]; extensions?: Record<string, unknown> }>(result: T, keys: ReadonlyMap<string, string>): T {
  const restored: T = { ...result };
  if (result.data !== undefined && result.data !== null) (restored as { data?: unknown }).data = renameDeep(result.data, keys);
  if (result.errors) (restored as { errors?: readonly GraphQLError[] }).errors = result.errors.map((e) => renamePath(e, keys));
  const completion = result.extensions?.valueCompletion as GraphQLError[] | undefined;
  if (completion) (restored as { extensions?: Record<string, unknown> }).extensions = { ...result.extensions, valueCompletion: completion.map((e) => renamePath(e, keys)) };
  return restored;
}
