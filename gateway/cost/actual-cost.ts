import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { fieldWeight, type CostModel } from './estimate-cost';

/**
 * The cost of what was actually served, by response shape: the same weights as the estimate,
 * counted over the objects and values the response holds, so a list of 3 where 100 were
 * estimated costs 3. Recorded beside the estimate in the audit record.
 */
export function actualCost(model: CostModel, document: DocumentNode, operation: OperationDefinitionNode, data: unknown): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  /** The fields selected on an object of `type` (or of a concrete `typename`), by response key, fragments merged. */
  const collect = (type: GraphQLCompositeType, set: SelectionSetNode | undefined, typename: unknown, into: Map<string, { parent: GraphQLCompositeType; node: FieldNode[] }>) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const entry = into.get(key);
        if (entry) entry.node.push(selection);
        else into.set(key, { parent: type, node: [selection] });
        continue;
      }
      const conditionName = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition?.name.value : fragments.get(selection.name.value)?.typeCondition.name.value;
      const fragmentSet = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value)?.selectionSet;
      const condition = conditionName ? model.schema.getType(conditionName) : type;
      if (!condition || !isCompositeType(condition)) continue;
      // With __typename in the response, a fragment on another concrete type does not apply.
      if (typeof typename === 'string' && condition.name !== typename && !(isAbstractType(condition) && model.schema.getPossibleTypes(condition).some((t) => t.name === typename))) continue;
      collect(condition, fragmentSet, typename, into);
    }
  };

  const objectCost = (type: GraphQLCompositeType, sets: readonly (SelectionSetNode | undefined)[], value: Record<string, unknown>): number => {
    const fields = new Map<string, { parent: GraphQLCompositeType; node: FieldNode[] }>();
    for (const set of sets) collect(type, set, value.__typename, fields);
    let sum = 0;
    for (const [key, { parent, node }] of fields) {
      const name = node[0]!.name.value;
      if (name.startsWith('__') || !('getFields' in parent)) continue;
      const field = parent.getFields()[name];
      if (!field) continue;
      sum += valueCost(parent, field, node.map((n) => n.selectionSet), value[key]);
    }
    return sum;
  };

  const valueCost = (parent: GraphQLCompositeType, field: Parameters<typeof fieldWeight>[2], sets: readonly (SelectionSetNode | undefined)[], value: unknown): number => {
    if (value === null || value === undefined) return 0;
    if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + valueCost(parent, field, sets, item), 0);
    const named = getNamedType(field.type);
    const weight = fieldWeight(model, parent, field);
    if (!isCompositeType(named) || typeof value !== 'object') return weight;
    const concrete = typeof (value as { __typename?: unknown }).__typename === 'string' ? model.schema.getType((value as { __typename: string }).__typename) : null;
    return weight + objectCost(concrete && isCompositeType(concrete) ? concrete : named, sets, value as Record<string, unknown>);
  };

  const root = model.schema.getRootType(operation.operation);
  if (!root || data === null || typeof data !== 'object') return 0;
  return objectCost(root, [operation.selectionSet], data as Record<string, unknown>);
}
