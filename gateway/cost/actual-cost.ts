import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { fieldWeight, type CostModel } from './estimate-cost';

/** A field as the response holds it: its key, weight, and what its objects select. */
interface CostedField {
  readonly key: string;
  readonly weight: number;
  /** The field's named type when composite (then `child` says what its objects select), else null. */
  readonly named: GraphQLCompositeType | null;
  readonly child: Selections;
}

/**
 * The selection sets merged under one response key, and, per (object type, `__typename`) met in
 * responses, the fields they select there: collected once, then reused by every object and request.
 */
interface Selections {
  readonly sets: readonly (SelectionSetNode | undefined)[];
  readonly byType: Map<GraphQLCompositeType, Map<string | null, readonly CostedField[]>>;
}

const compiled = new WeakMap<CostModel, WeakMap<OperationDefinitionNode, Selections>>();

/**
 * The cost of what was actually served, by response shape: the same weights as the estimate,
 * counted over the objects and values the response holds, so a list of 3 where 100 were
 * estimated costs 3. Recorded beside the estimate in the audit record. The selections are
 * collected per operation and object type once (the response is walked for every request; the
 * document is not).
 */
export function actualCost(model: CostModel, document: DocumentNode, operation: OperationDefinitionNode, data: unknown): number {
  const root = model.schema.getRootType(operation.operation);
  if (!root || data === null || typeof data !== 'object') return 0;
  let byOperation = compiled.get(model);
  if (!byOperation) {
    byOperation = new WeakMap();
    compiled.set(model, byOperation);
  }
  let selections = byOperation.get(operation);
  if (!selections) {
    selections = { sets: [operation.selectionSet], byType: new Map() };
    byOperation.set(operation, selections);
  }
  return objectCost(model, fragmentsOf(document), selections, root, data as Record<string, unknown>);
}

const fragmentMaps = new WeakMap<DocumentNode, ReadonlyMap<string, FragmentDefinitionNode>>();

function fragmentsOf(document: DocumentNode): ReadonlyMap<string, FragmentDefinitionNode> {
  let fragments = fragmentMaps.get(document);
  if (!fragments) {
    const map = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) map.set(definition.name.value, definition);
    fragments = map;
    fragmentMaps.set(document, fragments);
  }
  return fragments;
}

function objectCost(model: CostModel, fragments: ReadonlyMap<string, FragmentDefinitionNode>, selections: Selections, type: GraphQLCompositeType, value: Record<string, unknown>): number {
  const typename = typeof value.__typename === 'string' ? value.__typename : null;
  let byTypename = selections.byType.get(type);
  if (!byTypename) {
    byTypename = new Map();
    selections.byType.set(type, byTypename);
  }
  let fields = byTypename.get(typename);
  if (!fields) {
    fields = collectFields(model, fragments, selections.sets, type, typename);
    byTypename.set(typename, fields);
  }
  let sum = 0;
  for (const field of fields) sum += valueCost(model, fragments, field, value[field.key]);
  return sum;
}

function valueCost(model: CostModel, fragments: ReadonlyMap<string, FragmentDefinitionNode>, field: CostedField, value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (Array.isArray(value)) {
    let sum = 0;
    for (const item of value) sum += valueCost(model, fragments, field, item);
    return sum;
  }
  if (field.named === null || typeof value !== 'object') return field.weight;
  const object = value as Record<string, unknown>;
  const typename = object.__typename;
  const concrete: GraphQLNamedType | null | undefined = typeof typename === 'string' ? model.schema.getType(typename) : null;
  return field.weight + objectCost(model, fragments, field.child, concrete && isCompositeType(concrete) ? concrete : field.named, object);
}

/** The fields selected on an object of `type` (or of a concrete `typename`), by response key, fragments merged. */
function collectFields(
  model: CostModel,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  sets: readonly (SelectionSetNode | undefined)[],
  type: GraphQLCompositeType,
  typename: string | null,
): CostedField[] {
  const byKey = new Map<string, { parent: GraphQLCompositeType; nodes: FieldNode[] }>();
  const collect = (parentType: GraphQLCompositeType, set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const entry = byKey.get(key);
        if (entry) entry.nodes.push(selection);
        else byKey.set(key, { parent: parentType, nodes: [selection] });
        continue;
      }
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : undefined;
      const conditionName = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition?.name.value : fragment?.typeCondition.name.value;
      const fragmentSet = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragment?.selectionSet;
      const condition = conditionName ? model.schema.getType(conditionName) : parentType;
      if (!condition || !isCompositeType(condition)) continue;
      // With __typename in the response, a fragment on another concrete type does not apply.
      if (typename !== null && condition.name !== typename && !(isAbstractType(condition) && model.schema.getPossibleTypes(condition).some((t) => t.name === typename))) continue;
      collect(condition, fragmentSet);
    }
  };
  for (const set of sets) collect(type, set);
  const fields: CostedField[] = [];
  for (const [key, { parent, nodes }] of byKey) {
    const name = nodes[0]!.name.value;
    if (name.startsWith('__') || !('getFields' in parent)) continue;
    const field = parent.getFields()[name];
    if (!field) continue;
    const named = getNamedType(field.type);
    fields.push({
      key,
      weight: fieldWeight(model, parent, field),
      named: isCompositeType(named) ? named : null,
      child: { sets: nodes.map((n) => n.selectionSet), byType: new Map() },
    });
  }
  return fields;
}
