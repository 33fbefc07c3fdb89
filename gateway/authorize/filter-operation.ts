/**
 * Removes from an operation every selection the caller may not see, before planning (Apollo Router
 * semantics, reference §1.5): the planner only ever sees the filtered document, so no subgraph is
 * asked for a field the caller may not read.
 *
 * Rules:
 * - A field is allowed ⇔ its own requirement and the requirement on its named return type hold
 *   (lists / non-null unwrapped), and so does that of every guarded scalar or enum type an argument
 *   it is given may carry (through input objects; a mutation's input types are checked this way).
 *   The root operation type's requirement gates the whole operation.
 * - Selecting a field on an abstract level (interface, or a fragment on one) also requires every
 *   possible object type's version of that field (and its return type) to pass: GHSA-x33c-7c2v-mrj9.
 * - A field returning an abstract type whose selection holds a field other than `__typename`
 *   (outside type-conditioned fragments) requires every possible object type to pass; when the
 *   selection is only `__typename` and typed fragments, each fragment is judged on its own type.
 *   The same rule applies to a fragment on an abstract type condition (stricter than the Router,
 *   which lets `... on Iface { f }` through; it leaks only on hand-written, non-propagated graphs).
 * - An inline fragment / fragment spread whose type condition fails is removed (`... on T`).
 * - `__typename` is always allowed; introspection (`__schema`, `__type`) is left alone.
 * - A selection set emptied by removals removes its parent. The *children* are reported (as the
 *   Router does: they are what the caller was denied); the parent gets a `kind: 'implied'` entry,
 *   which the response shaper nulls but which produces no error of its own.
 * - Named fragments are inlined (at their point of application, so error paths are per use) and
 *   only the selected operation is kept; variable definitions it no longer uses are removed.
 * - A removed fragment is reported once (`kind: 'type'`, path ending in `... on T`); its fields get
 *   `implied` entries so that objects *of that type* get nulls, while other objects stay as they are.
 * - Paths: a typed fragment (named or inline) adds `... on T` like the Router; an untyped inline
 *   fragment adds nothing (the Router adds an empty `... on ` segment). "@" is added per list level.
 * - Where a denial only applies to some of a level's object types (it sat in a narrower fragment),
 *   the filtered document also selects `__typename` under a private response key (`typenameKey`,
 *   unused by the operation) so the shaper can tell; `applyDenials` deletes it again.
 */
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isNonNullType,
  Kind,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type ValueNode,
  type VariableDefinitionNode,
  visit,
} from 'graphql';

import { requirementSatisfied, type AuthorizationRequirements, type Requirement } from './requirements';

export interface Caller {
  readonly authenticated: boolean;
  readonly scopes: ReadonlySet<string>;
  /** Policies that evaluated to true. Anything absent is denied (fail closed). */
  readonly policies?: ReadonlySet<string>;
}

/** An `@include` / `@skip` on the way to a selection: `if` is a literal or a variable name. */
export interface SelectionCondition {
  readonly if: boolean | string;
  /** true for @include, false for @skip. */
  readonly include: boolean;
  /** The variable's default value in the operation, when it has a boolean one. */
  readonly defaultValue?: boolean;
}

/**
 * - `field`: the field itself is unauthorized. Reported, and nulled in the response.
 * - `type`: a fragment's type condition (or the root operation type) is unauthorized. Reported
 *   with a `... on T` (or empty) path; its fields come as separate `implied` entries.
 * - `implied`: removed only as a consequence (selection set emptied, or inside a removed
 *   fragment). Nulled in the response, not reported.
 */
export type DeniedKind = 'field' | 'type' | 'implied';

export interface DeniedField {
  readonly kind: DeniedKind;
  /** Router format: field NAMES (not aliases), "@" per list level, "... on T" for typed fragments. */
  readonly path: readonly string[];
  /** Response keys (aliases) with "@" for each list level above the field, for reshaping. */
  readonly responsePath: readonly string[];
  /** Per responsePath entry: is that field (or, for "@", that list's item) non-null. */
  readonly nonNull: readonly boolean[];
  /** "Type.field"; for a `type` entry just "Type". */
  readonly coordinate: string;
  /**
   * Per responsePath entry: the object types for which that key is selected (it sat in a
   * fragment narrower than the field's type), or null when it applies to every object. Where
   * one is set, the filtered document selects `__typename` under the response key `typenameKey`.
   */
  readonly typeConditions: readonly (readonly string[] | null)[];
  readonly typenameKey: string;
  /** `@include` / `@skip` on the selection and its ancestors (all must pass). */
  readonly conditions: readonly SelectionCondition[];
}

export interface FilterResult {
  /** The original object when nothing is denied; otherwise a new single-operation document. */
  readonly document: DocumentNode;
  readonly denied: DeniedField[];
  /**
   * True when no field of the operation survives. Do not execute `document` then (it holds a
   * placeholder `{ __typename }`): answer `data: null` with the errors.
   */
  readonly empty: boolean;
}

/** A fragment bomb inlined would be a denial of service; real operations are far below this. */
export const MAX_INLINED_SELECTIONS = 100_000;

const TYPENAME = '__typename';
const TYPENAME_KEY_BASE = '_authzTypename';

interface Level {
  readonly path: readonly string[];
  readonly responsePath: readonly string[];
  readonly nonNull: readonly boolean[];
  readonly typeConditions: readonly (readonly string[] | null)[];
  readonly conditions: readonly SelectionCondition[];
}

interface LevelFlags {
  needsTypename: boolean;
}

function fieldTypeSegments(type: GraphQLOutputType): { lists: number; nonNull: boolean[] } {
  // nonNull[0] is the field itself, nonNull[i > 0] the items of list level i.
  const nonNull: boolean[] = [];
  let t: GraphQLOutputType = type;
  let lists = 0;
  for (;;) {
    const isNN = isNonNullType(t);
    if (isNonNullType(t)) t = t.ofType;
    nonNull.push(isNN);
    if (isListType(t)) {
      lists++;
      t = t.ofType;
    } else {
      return { lists, nonNull };
    }
  }
}

class OperationFilter {
  readonly denied: DeniedField[] = [];
  private visited = 0;
  private readonly verdicts = new Map<Requirement, boolean>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly requirements: AuthorizationRequirements,
    private readonly caller: Caller,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly defaults: ReadonlyMap<string, boolean>,
    private readonly document: DocumentNode,
  ) {}

  private key: string | null = null;

  /** The response key for the injected `__typename`, unused by the operation (computed on demand). */
  get typenameKey(): string {
    return (this.key ??= unusedKey(this.document));
  }

  private passes(requirement: Requirement | undefined): boolean {
    if (!requirement) return true;
    let verdict = this.verdicts.get(requirement);
    if (verdict === undefined) {
      verdict = requirementSatisfied(requirement, this.caller);
      this.verdicts.set(requirement, verdict);
    }
    return verdict;
  }

  typeAllowed(name: string): boolean {
    return this.passes(this.requirements.types.get(name));
  }

  private fieldVersionAllowed(typeName: string, field: GraphQLField<unknown, unknown>): boolean {
    return (
      this.passes(this.requirements.fields.get(`${typeName}.${field.name}`)) &&
      this.typeAllowed(getNamedType(field.type).name)
    );
  }

  private fieldAllowed(
    parent: GraphQLCompositeType,
    possible: readonly GraphQLObjectType[],
    field: GraphQLField<unknown, unknown>,
  ): boolean {
    if (!this.fieldVersionAllowed(parent.name, field)) return false;
    if (isInterfaceType(parent)) {
      for (const object of possible) {
        const version = object.getFields()[field.name];
        if (version && !this.fieldVersionAllowed(object.name, version)) return false;
      }
    }
    return true;
  }

  /** Every guarded scalar or enum type the field's given arguments may carry (input objects included) passes. */
  private argumentsAllowed(parent: GraphQLCompositeType, possible: readonly GraphQLObjectType[], node: FieldNode): boolean {
    if (!node.arguments?.length || this.requirements.argumentTypes.size === 0) return true;
    const versions = isInterfaceType(parent) ? [parent.name, ...possible.map((t) => t.name)] : [parent.name];
    for (const version of versions) {
      const byArgument = this.requirements.argumentTypes.get(`${version}.${node.name.value}`);
      if (!byArgument) continue;
      for (const argument of node.arguments) {
        for (const type of byArgument.get(argument.name.value) ?? []) if (!this.typeAllowed(type)) return false;
      }
    }
    return true;
  }

  private allTypesAllowed(possible: readonly GraphQLObjectType[]): boolean {
    return possible.every((object) => this.typeAllowed(object.name));
  }

  conditionsOf(directives: readonly DirectiveNode[] | undefined, inherited: readonly SelectionCondition[]): readonly SelectionCondition[] {
    if (!directives || directives.length === 0) return inherited;
    let result = inherited;
    for (const directive of directives) {
      const name = directive.name.value;
      if (name !== 'include' && name !== 'skip') continue;
      const value = directive.arguments?.find((a) => a.name.value === 'if')?.value;
      if (!value) continue;
      const condition = conditionFrom(value, name === 'include', this.defaults);
      if (condition) result = [...result, condition];
    }
    return result;
  }

  private push(kind: DeniedKind, level: Level, extra: Partial<Level>, coordinate: string): void {
    this.denied.push({
      kind,
      path: extra.path ?? level.path,
      responsePath: extra.responsePath ?? level.responsePath,
      nonNull: extra.nonNull ?? level.nonNull,
      typeConditions: extra.typeConditions ?? level.typeConditions,
      conditions: extra.conditions ?? level.conditions,
      coordinate,
      typenameKey: this.typenameKey,
    });
  }

  private asInlineFragment(selection: SelectionNode, active: readonly string[]): { node: InlineFragmentNode; active: readonly string[] } | null {
    if (selection.kind === Kind.INLINE_FRAGMENT) return { node: selection, active };
    if (selection.kind !== Kind.FRAGMENT_SPREAD) return null;
    const name = selection.name.value;
    const definition = this.fragments.get(name);
    if (!definition) throw new Error(`Unknown fragment "${name}"`);
    if (active.includes(name)) throw new Error(`Fragment "${name}" spreads itself`);
    return {
      node: {
        kind: Kind.INLINE_FRAGMENT,
        typeCondition: definition.typeCondition,
        directives: selection.directives ?? [],
        selectionSet: definition.selectionSet,
      },
      active: [...active, name],
    };
  }

  /** Whether a selection set selects a field other than __typename outside typed fragments. */
  private hasDirectFields(set: SelectionSetNode, active: readonly string[]): boolean {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== TYPENAME) return true;
        continue;
      }
      const fragment = this.asInlineFragment(selection, active);
      if (fragment && !fragment.node.typeCondition && this.hasDirectFields(fragment.node.selectionSet, fragment.active)) return true;
    }
    return false;
  }

  private narrowed(possible: readonly GraphQLObjectType[], levelCount: number): readonly string[] | null {
    return possible.length < levelCount ? possible.map((t) => t.name) : null;
  }

  /**
   * Filters one selection set. `possible` is the set of object types an object at this point may
   * have (narrowed by enclosing fragments); `levelCount` how many it may have at the object level
   * (the field's type), to tell when a selection only applies to some objects.
   */
  selections(
    set: SelectionSetNode,
    parent: GraphQLCompositeType,
    possible: readonly GraphQLObjectType[],
    levelCount: number,
    level: Level,
    flags: LevelFlags,
    active: readonly string[],
  ): SelectionNode[] {
    const out: SelectionNode[] = [];
    for (const selection of set.selections) {
      if (++this.visited > MAX_INLINED_SELECTIONS) {
        throw new Error(`The operation has more than ${MAX_INLINED_SELECTIONS} selections once its fragments are inlined`);
      }
      if (selection.kind === Kind.FIELD) {
        const kept = this.field(selection, parent, possible, levelCount, level, flags, active);
        if (kept) out.push(kept);
        continue;
      }
      const fragment = this.asInlineFragment(selection, active)!;
      const kept = this.fragment(fragment.node, parent, possible, levelCount, level, flags, fragment.active);
      if (kept) out.push(kept);
    }
    return out;
  }

  private field(
    node: FieldNode,
    parent: GraphQLCompositeType,
    possible: readonly GraphQLObjectType[],
    levelCount: number,
    level: Level,
    flags: LevelFlags,
    active: readonly string[],
  ): FieldNode | null {
    const name = node.name.value;
    if (name === TYPENAME) return node;
    if (name === '__schema' || name === '__type') return node;
    if (isAbstractType(parent) && !isInterfaceType(parent)) throw new Error(`Cannot query field "${name}" on union "${parent.name}"`);
    const definition = (parent as GraphQLObjectType).getFields()[name];
    if (!definition) throw new Error(`Cannot query field "${name}" on type "${parent.name}"`);

    const segments = fieldTypeSegments(definition.type);
    const listMarks: string[] = new Array<string>(segments.lists).fill('@');
    const condition = this.narrowed(possible, levelCount);
    const conditions = this.conditionsOf(node.directives, level.conditions);
    const coordinate = `${parent.name}.${name}`;
    const own: Partial<Level> = {
      path: [...level.path, name, ...listMarks],
      responsePath: [...level.responsePath, node.alias?.value ?? name],
      nonNull: [...level.nonNull, segments.nonNull[0]!],
      typeConditions: [...level.typeConditions, condition],
      conditions,
    };
    const deny = (kind: DeniedKind): null => {
      this.push(kind, level, own, coordinate);
      if (condition) flags.needsTypename = true;
      return null;
    };

    if (!this.fieldAllowed(parent, possible, definition) || !this.argumentsAllowed(parent, possible, node)) return deny('field');
    if (!node.selectionSet) return node;

    const named = getNamedType(definition.type);
    if (!isCompositeType(named)) return node;
    const childPossible = isAbstractType(named) ? this.schema.getPossibleTypes(named) : [named as GraphQLObjectType];
    if (isAbstractType(named) && this.hasDirectFields(node.selectionSet, active) && !this.allTypesAllowed(childPossible)) {
      return deny('field');
    }

    const childLevel: Level = {
      path: own.path!,
      responsePath: [...own.responsePath!, ...listMarks],
      nonNull: [...own.nonNull!, ...segments.nonNull.slice(1)],
      typeConditions: [...own.typeConditions!, ...listMarks.map(() => null)],
      conditions,
    };
    const childFlags: LevelFlags = { needsTypename: false };
    const deniedBefore = this.denied.length;
    const children = this.selections(node.selectionSet, named, childPossible, childPossible.length, childLevel, childFlags, active);
    if (children.length === 0) return deny('implied');
    // Entries below carry this field's type condition: the shaper needs the type at this level too.
    if (condition && this.denied.length > deniedBefore) flags.needsTypename = true;
    if (childFlags.needsTypename) {
      children.push({ kind: Kind.FIELD, alias: { kind: Kind.NAME, value: this.typenameKey }, name: { kind: Kind.NAME, value: TYPENAME } });
    }
    return { ...node, selectionSet: { ...node.selectionSet, selections: children } };
  }

  private fragment(
    node: InlineFragmentNode,
    parent: GraphQLCompositeType,
    possible: readonly GraphQLObjectType[],
    levelCount: number,
    level: Level,
    flags: LevelFlags,
    active: readonly string[],
  ): InlineFragmentNode | null {
    const conditions = this.conditionsOf(node.directives, level.conditions);
    let type = parent;
    let narrowedPossible = possible;
    let path = level.path;
    if (node.typeCondition) {
      const conditionType = this.schema.getType(node.typeCondition.name.value);
      if (!conditionType || !isCompositeType(conditionType)) {
        throw new Error(`Unknown type condition "${node.typeCondition.name.value}"`);
      }
      type = conditionType;
      const members = new Set<string>(
        isAbstractType(conditionType) ? this.schema.getPossibleTypes(conditionType).map((t) => t.name) : [conditionType.name],
      );
      narrowedPossible = possible.filter((t) => members.has(t.name));
      // A condition naming the enclosing type itself narrows nothing, and adds no path segment.
      if (conditionType.name !== parent.name) path = [...level.path, `... on ${conditionType.name}`];
      const allowed =
        this.typeAllowed(conditionType.name) &&
        (!isAbstractType(conditionType) || !this.hasDirectFields(node.selectionSet, active) || this.allTypesAllowed(narrowedPossible));
      if (!allowed) {
        this.push('type', level, { path, conditions }, conditionType.name);
        this.impliedFields(node.selectionSet, type, narrowedPossible, levelCount, { ...level, path, conditions }, flags, active);
        return null;
      }
    }
    const children = this.selections(node.selectionSet, type, narrowedPossible, levelCount, { ...level, path, conditions }, flags, active);
    if (children.length === 0) return null;
    return { ...node, directives: node.directives ?? [], selectionSet: { ...node.selectionSet, selections: children } };
  }

  /** The response keys a removed fragment would have produced, so the shaper can null them. */
  private impliedFields(
    set: SelectionSetNode,
    parent: GraphQLCompositeType,
    possible: readonly GraphQLObjectType[],
    levelCount: number,
    level: Level,
    flags: LevelFlags,
    active: readonly string[],
  ): void {
    if (possible.length === 0) return;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === TYPENAME || !('getFields' in parent)) continue;
        const definition = parent.getFields()[name];
        if (!definition) continue;
        const segments = fieldTypeSegments(definition.type);
        const condition = this.narrowed(possible, levelCount);
        if (condition) flags.needsTypename = true;
        this.push(
          'implied',
          level,
          {
            path: [...level.path, name, ...new Array<string>(segments.lists).fill('@')],
            responsePath: [...level.responsePath, selection.alias?.value ?? name],
            nonNull: [...level.nonNull, segments.nonNull[0]!],
            typeConditions: [...level.typeConditions, condition],
            conditions: this.conditionsOf(selection.directives, level.conditions),
          },
          `${parent.name}.${name}`,
        );
        continue;
      }
      const fragment = this.asInlineFragment(selection, active)!;
      let type = parent;
      let narrowed = possible;
      if (fragment.node.typeCondition) {
        const conditionType = this.schema.getType(fragment.node.typeCondition.name.value);
        if (!conditionType || !isCompositeType(conditionType)) continue;
        type = conditionType;
        const members = new Set(
          isAbstractType(conditionType) ? this.schema.getPossibleTypes(conditionType).map((t) => t.name) : [conditionType.name],
        );
        narrowed = possible.filter((t) => members.has(t.name));
      }
      this.impliedFields(
        fragment.node.selectionSet,
        type,
        narrowed,
        levelCount,
        { ...level, conditions: this.conditionsOf(fragment.node.directives, level.conditions) },
        flags,
        fragment.active,
      );
    }
  }
}

function conditionFrom(value: ValueNode, include: boolean, defaults: ReadonlyMap<string, boolean>): SelectionCondition | null {
  if (value.kind === Kind.BOOLEAN) return { if: value.value, include };
  if (value.kind === Kind.VARIABLE) {
    const defaultValue = defaults.get(value.name.value);
    return defaultValue === undefined ? { if: value.name.value, include } : { if: value.name.value, include, defaultValue };
  }
  return null;
}

function selectOperation(document: DocumentNode, operationName: string | null): OperationDefinitionNode {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName === null) {
    if (operations.length !== 1) throw new Error('Must provide operation name if query contains multiple operations');
    return operations[0]!;
  }
  const operation = operations.find((o) => o.name?.value === operationName);
  if (!operation) throw new Error(`Unknown operation named "${operationName}"`);
  return operation;
}

function unusedKey(document: DocumentNode): string {
  const used = new Set<string>();
  visit(document, {
    Field(node) {
      used.add(node.alias?.value ?? node.name.value);
    },
  });
  let key = TYPENAME_KEY_BASE;
  for (let i = 1; used.has(key); i++) key = `${TYPENAME_KEY_BASE}${i}`;
  return key;
}

function usedVariables(operation: OperationDefinitionNode): Set<string> {
  const used = new Set<string>();
  visit(operation, {
    VariableDefinition: () => false,
    Variable(node) {
      used.add(node.name.value);
    },
  });
  return used;
}

function booleanDefaults(variables: readonly VariableDefinitionNode[] | undefined): Map<string, boolean> {
  const defaults = new Map<string, boolean>();
  for (const v of variables ?? []) {
    if (v.defaultValue?.kind === Kind.BOOLEAN) defaults.set(v.variable.name.value, v.defaultValue.value);
  }
  return defaults;
}

export function filterOperation(
  schema: GraphQLSchema,
  requirements: AuthorizationRequirements,
  document: DocumentNode,
  operationName: string | null,
  caller: Caller,
): FilterResult {
  const operation = selectOperation(document, operationName);
  const root = schema.getRootType(operation.operation);
  if (!root) throw new Error(`The schema does not support ${operation.operation} operations`);

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const filter = new OperationFilter(schema, requirements, caller, fragments, booleanDefaults(operation.variableDefinitions), document);
  const rootLevel: Level = { path: [], responsePath: [], nonNull: [], typeConditions: [], conditions: [] };

  let selections: SelectionNode[];
  if (!filter.typeAllowed(root.name)) {
    // The root type's requirement gates the whole operation: one error with an empty path, as
    // the Router reports it.
    filter.denied.push({ ...rootLevel, kind: 'type', coordinate: root.name, typenameKey: filter.typenameKey });
    selections = [];
  } else {
    selections = filter.selections(operation.selectionSet, root, [root], 1, rootLevel, { needsTypename: false }, []);
  }

  if (filter.denied.length === 0) return { document, denied: filter.denied, empty: false };

  const empty = selections.length === 0;
  const filteredSelections: readonly SelectionNode[] =
    selections.length > 0 ? selections : [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: TYPENAME } }];
  const draft: OperationDefinitionNode = {
    ...operation,
    selectionSet: { ...operation.selectionSet, selections: filteredSelections },
  };
  const used = usedVariables(draft);
  const filtered: OperationDefinitionNode = {
    ...draft,
    variableDefinitions: (operation.variableDefinitions ?? []).filter((v) => used.has(v.variable.name.value)),
  };
  return { document: { kind: Kind.DOCUMENT, definitions: [filtered] }, denied: filter.denied, empty };
}

/** Whether a denied entry's selection is included for these variables (@include / @skip). */
export function selectionIncluded(conditions: readonly SelectionCondition[], variables: Readonly<Record<string, unknown>> | undefined): boolean {
  for (const condition of conditions) {
    let value: boolean;
    if (typeof condition.if === 'boolean') {
      value = condition.if;
    } else {
      const supplied = variables?.[condition.if];
      value = typeof supplied === 'boolean' ? supplied : (condition.defaultValue ?? false);
    }
    if (value !== condition.include) return false;
  }
  return true;
}
