import {
  getNamedType,
  isCompositeType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { CostDirectives } from './cost-directives';

/** Apollo Router's weights: a mutation costs 10 before its fields, a query nothing. */
const OPERATION_TYPE_COST = { query: 0, mutation: 10, subscription: 0 } as const;

export interface CostModel {
  readonly schema: GraphQLSchema;
  readonly costs: CostDirectives;
  /** Size assumed for a list with no `@listSize` answer (COST_LIST_SIZE). */
  readonly defaultListSize: number;
}

/** How many levels of list a type has (`[[T!]]` is 2). */
export function listDepth(type: GraphQLOutputType): number {
  let depth = 0;
  let t: GraphQLOutputType = type;
  for (;;) {
    if (isNonNullType(t)) t = t.ofType;
    else if (isListType(t)) {
      depth += 1;
      t = t.ofType;
    } else return depth;
  }
}

export function typeWeight(model: CostModel, type: GraphQLNamedType): number {
  return model.costs.types.get(type.name) ?? (isCompositeType(type) ? 1 : 0);
}

export function fieldWeight(model: CostModel, parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown>): number {
  return model.costs.fields.get(`${parent.name}.${field.name}`) ?? typeWeight(model, getNamedType(field.type));
}

/**
 * The static cost of an operation (IBM cost spec, Apollo Router's `static_estimated` strategy):
 * every object, interface or union value costs 1 (or its `@cost`), scalars and enums 0, a field's
 * `@cost` replaces its type's, arguments add their `@cost`, and a list multiplies what it holds
 * by its size: its slicing argument's value (`first`), else `@listSize(assumedSize)`, else the
 * configured default. `sizedFields` hand a connection's size to its `edges`. Nested lists
 * multiply. Every fragment is counted (an upper bound for fragments on different types).
 */
export function estimateCost(model: CostModel, document: DocumentNode, operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>>): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const variableDefaults = new Map<string, unknown>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) variableDefaults.set(definition.variable.name.value, valueFromASTUntyped(definition.defaultValue));
  }
  const variableValue = (name: string): unknown => (name in variables ? variables[name] : variableDefaults.get(name));
  const valueOf = (node: ValueNode): unknown => (node.kind === Kind.VARIABLE ? variableValue(node.name.value) : valueFromASTUntyped(node, variables as Record<string, unknown>));

  const argumentValue = (node: FieldNode, field: GraphQLField<unknown, unknown>, path: string): unknown => {
    const [name, ...rest] = path.split('.');
    const argument = node.arguments?.find((a) => a.name.value === name);
    let value: unknown = argument ? valueOf(argument.value) : field.args.find((a) => a.name === name)?.defaultValue;
    for (const key of rest) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    return value;
  };

  const inputCost = (type: GraphQLInputType, node: ValueNode): number => {
    const named = getNamedType(type);
    if (node.kind === Kind.LIST) return node.values.reduce((sum, item) => sum + inputCost(type, item), 0);
    if (!isInputObjectType(named) || node.kind !== Kind.OBJECT) return 0;
    let sum = 0;
    for (const fieldNode of node.fields) {
      const inputField = named.getFields()[fieldNode.name.value];
      if (!inputField) continue;
      sum += (model.costs.fields.get(`${named.name}.${inputField.name}`) ?? 0) + inputCost(inputField.type, fieldNode.value);
    }
    return sum;
  };

  const sizeOf = (parent: GraphQLCompositeType, node: FieldNode, field: GraphQLField<unknown, unknown>): number => {
    const listSize = model.costs.listSizes.get(`${parent.name}.${field.name}`);
    if (listSize) {
      const sliced = listSize.slicingArguments
        .map((path) => argumentValue(node, field, path))
        .filter((value): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0);
      if (sliced.length > 0) return Math.max(...sliced);
      if (listSize.assumedSize !== null) return listSize.assumedSize;
    }
    return model.defaultListSize;
  };

  const selectionSetCost = (type: GraphQLCompositeType, set: SelectionSetNode | undefined, sized: { names: readonly string[]; size: number } | null, seen: ReadonlySet<string>): number => {
    if (!set) return 0;
    let sum = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        sum += fieldCost(type, selection, sized);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? model.schema.getType(selection.typeCondition.name.value) : type;
        if (condition && isCompositeType(condition)) sum += selectionSetCost(condition, selection.selectionSet, sized, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const condition = model.schema.getType(fragment.typeCondition.name.value);
        if (condition && isCompositeType(condition)) sum += selectionSetCost(condition, fragment.selectionSet, sized, new Set([...seen, fragment.name.value]));
      }
    }
    return sum;
  };

  const fieldCost = (parent: GraphQLCompositeType, node: FieldNode, sized: { names: readonly string[]; size: number } | null): number => {
    if (node.name.value.startsWith('__') || !('getFields' in parent)) return 0;
    const field = parent.getFields()[node.name.value];
    if (!field) return 0;
    const named = getNamedType(field.type);
    let argumentsCost = 0;
    for (const argument of node.arguments ?? []) {
      const definition = field.args.find((a) => a.name === argument.name.value);
      if (!definition) continue;
      argumentsCost += (model.costs.arguments.get(`${parent.name}.${field.name}(${definition.name}:)`) ?? 0) + inputCost(definition.type, argument.value);
    }
    const listSize = model.costs.listSizes.get(`${parent.name}.${field.name}`);
    const handsDownSize = listSize !== undefined && listSize.sizedFields.length > 0;
    const size = sized?.names.includes(field.name) ? sized.size : sizeOf(parent, node, field);
    const childSized = handsDownSize ? { names: listSize.sizedFields, size: sizeOf(parent, node, field) } : null;
    const own = fieldWeight(model, parent, field);
    const children = isCompositeType(named) ? selectionSetCost(named, node.selectionSet, childSized, new Set()) : 0;
    const levels = handsDownSize ? 0 : listDepth(field.type);
    return (own + children) * size ** levels + argumentsCost;
  };

  const root = model.schema.getRootType(operation.operation);
  if (!root) return 0;
  return OPERATION_TYPE_COST[operation.operation] + selectionSetCost(root, operation.selectionSet, null, new Set());
}
