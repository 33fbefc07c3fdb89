/**
 * A mutation's root fields run one after the other, in document order (GraphQL spec, "Mutation":
 * ExecuteSelectionSet serially), each planned and executed by @apollo/gateway on its own.
 *
 * Why one field at a time rather than the whole operation: @apollo/gateway's plan for a mutation is
 * a sequence of fetches that carries on after a non-null root field has failed, so a later write
 * still happens although its answer is thrown away (`data: null`); the spec, graphql-js and every
 * subgraph stop there. Running fields singly lets the gateway stop too, and tells the audit what
 * became of each field. When nothing fails, the response is the one the whole plan gives.
 */
import {
  getDirectiveValues,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isNonNullType,
  Kind,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import type { GatewayExecutionResult } from '@apollo/server-gateway-interface';

export type MutationOutcome = 'SUCCEEDED' | 'SUCCEEDED_WITH_ERRORS' | 'FAILED' | 'DENIED' | 'NOT_EXECUTED';

export interface MutationFieldOutcome {
  readonly responseKey: string;
  /** `Mutation.createFiling`. */
  readonly field: string;
  readonly outcome: MutationOutcome;
  /**
   * For a field that failed or answered with errors: the first error's `code` and `reason` (the
   * subgraph's refusal, e.g. FORBIDDEN / OUTSIDE_REGION), when they are catalogue-style names.
   * Anything else (a value, free text) is left out, so no input can reach the audit log this way.
   */
  readonly errorCode?: string;
  readonly reason?: string;
}

const NAME_LIKE = /^[A-Z][A-Z0-9_]{0,63}$/;

function firstRefusal(errors: readonly GraphQLError[] | undefined, key: string): { errorCode?: string; reason?: string } {
  const error = (errors ?? []).find((e) => e.path?.[0] === key);
  if (!error) return {};
  const { code, reason } = error.extensions as { code?: unknown; reason?: unknown };
  return {
    ...(typeof code === 'string' && NAME_LIKE.test(code) ? { errorCode: code } : {}),
    ...(typeof reason === 'string' && NAME_LIKE.test(reason) ? { reason } : {}),
  };
}

/** Runs one single-root-field document; the execute stage binds it to the @apollo/gateway executor. */
export type RunDocument = (document: DocumentNode, operation: OperationDefinitionNode) => Promise<GatewayExecutionResult>;

interface RootField {
  readonly key: string;
  readonly fields: FieldNode[];
}

/**
 * CollectFields at the root (spec 6.3.2): fields by response key in order, fragments spread in
 * place, `@skip` / `@include` decided with the request's variables.
 */
function collectRootFields(
  schema: GraphQLSchema,
  root: GraphQLObjectType,
  document: DocumentNode,
  selectionSet: SelectionSetNode,
  variables: Record<string, unknown>,
): RootField[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const byKey = new Map<string, FieldNode[]>();
  const included = (node: SelectionNode): boolean =>
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
  const applies = (typeName: string | undefined): boolean => {
    if (!typeName || typeName === root.name) return true;
    const type = schema.getType(typeName);
    return !!type && isAbstractType(type) && schema.isSubType(type, root);
  };
  const visited = new Set<string>();
  const walk = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        byKey.set(key, [...(byKey.get(key) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value)) walk(selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || visited.has(fragment.name.value) || !applies(fragment.typeCondition.name.value)) continue;
        visited.add(fragment.name.value);
        walk(fragment.selectionSet);
      }
    }
  };
  walk(selectionSet);
  return [...byKey].map(([key, fields]) => ({ key, fields }));
}

interface SingleField {
  readonly operation: OperationDefinitionNode;
  readonly document: DocumentNode;
  readonly from: { readonly operation: OperationDefinitionNode; readonly fields: readonly FieldNode[] };
}

/**
 * Kept per (operation, field nodes): the same objects every time the same authorized document is
 * run, so every cache keyed by document (plans, compiled plans, query hashes) holds across requests.
 */
const singles = new WeakMap<FieldNode, SingleField>();

function cachedSingleFieldDocument(document: DocumentNode, operation: OperationDefinitionNode, fields: FieldNode[]): SingleField {
  const hit = singles.get(fields[0]!);
  if (hit && hit.from.operation === operation && hit.from.fields.length === fields.length && hit.from.fields.every((f, i) => f === fields[i])) return hit;
  const single = { ...singleFieldDocument(document, operation, fields), from: { operation, fields } };
  singles.set(fields[0]!, single);
  return single;
}

/** The operation reduced to one root field, with the fragments and variables that field uses. */
function singleFieldDocument(document: DocumentNode, operation: OperationDefinitionNode, fields: FieldNode[]): { document: DocumentNode; operation: OperationDefinitionNode } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const usedFragments = new Map<string, FragmentDefinitionNode>();
  const usedVariables = new Set<string>();
  const scan = (node: FieldNode | FragmentDefinitionNode): void => {
    visit(node, {
      Variable: (variable) => void usedVariables.add(variable.name.value),
      FragmentSpread: (spread) => {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !usedFragments.has(fragment.name.value)) {
          usedFragments.set(fragment.name.value, fragment);
          scan(fragment);
        }
      },
    });
  };
  for (const field of fields) scan(field);
  const single: OperationDefinitionNode = {
    ...operation,
    variableDefinitions: (operation.variableDefinitions ?? []).filter((v) => usedVariables.has(v.variable.name.value)),
    selectionSet: { kind: Kind.SELECTION_SET, selections: fields },
  };
  return { document: { kind: Kind.DOCUMENT, definitions: [single, ...usedFragments.values()] }, operation: single };
}

function hasErrorUnder(errors: readonly GraphQLError[] | undefined, key: string): boolean {
  return (errors ?? []).some((error) => error.path?.[0] === key);
}

/**
 * Executes `planned` (the authorized document) field by field, judging order and nullability
 * against `requested` (the client's document): a root field missing from `planned` was denied and is
 * `null` in its place, and a non-null one that is denied or fails ends the mutation there.
 */
export async function executeMutationSerially(
  schema: GraphQLSchema,
  requested: { document: DocumentNode; operation: OperationDefinitionNode },
  planned: DocumentNode,
  variables: Record<string, unknown>,
  run: RunDocument,
): Promise<{ result: GatewayExecutionResult; fields: MutationFieldOutcome[] }> {
  const root = schema.getMutationType()!;
  const coerced = getVariableValues(schema, requested.operation.variableDefinitions ?? [], variables);
  // The same refusal the library gives (Apollo Server's BAD_USER_INPUT), before anything runs.
  if (coerced.errors) return { result: { errors: coerced.errors }, fields: [] };

  const plannedOperation = planned.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (d.name?.value ?? null) === (requested.operation.name?.value ?? null))!;
  const plannedFields = new Map(collectRootFields(schema, root, planned, plannedOperation.selectionSet, coerced.coerced).map((f) => [f.key, f.fields]));

  const data: Record<string, unknown> = {};
  const errors: GraphQLError[] = [];
  const completion: unknown[] = [];
  const fields: MutationFieldOutcome[] = [];
  // Set once a non-null root field is null: the whole `data` is null and nothing after it runs.
  let nulled = false;
  for (const { key, fields: requestedFields } of collectRootFields(schema, root, requested.document, requested.operation.selectionSet, coerced.coerced)) {
    const name = requestedFields[0]!.name.value;
    if (name === '__typename') {
      // Answered by the gateway, as the library answers it: no subgraph, no write.
      data[key] = nulled ? null : root.name;
      continue;
    }
    const definition = root.getFields()[name]!;
    const field = `${root.name}.${definition.name}`;
    const nonNull = isNonNullType(definition.type);
    const nodes = plannedFields.get(key);
    if (nulled) {
      fields.push({ responseKey: key, field, outcome: 'NOT_EXECUTED' });
      continue;
    }
    // Authorization removed it (a root field is planned unless denied).
    if (!nodes) {
      fields.push({ responseKey: key, field, outcome: 'DENIED' });
      // Held in its place; the shape stage reports it.
      data[key] = null;
      nulled = nonNull;
      continue;
    }
    const single = cachedSingleFieldDocument(planned, plannedOperation, nodes);
    const result = await run(single.document, single.operation);
    errors.push(...(result.errors ?? []));
    completion.push(...((result.extensions?.valueCompletion as unknown[] | undefined) ?? []));
    const value = result.data?.[key] ?? null;
    data[key] = value;
    const erred = hasErrorUnder(result.errors, key) || !result.data;
    fields.push({ responseKey: key, field, outcome: value === null && erred ? 'FAILED' : erred ? 'SUCCEEDED_WITH_ERRORS' : 'SUCCEEDED', ...(erred ? firstRefusal(result.errors, key) : {}) });
    nulled = value === null && (nonNull || result.data === null);
  }

  const result: { data: Record<string, unknown> | null; errors?: GraphQLError[]; extensions?: Record<string, unknown> } = { data: nulled ? null : data };
  if (errors.length) result.errors = errors;
  if (completion.length) result.extensions = { valueCompletion: completion };
  return { result: result as GatewayExecutionResult, fields };
}
