/**
 * A query plan from @apollo/query-planner turned, once, into the plain structure the executor runs:
 * each fetch with its query already in JSON, its `requires` as an extractor of representations,
 * its rewrites with their paths split. Plans holding what the executor does not run (@defer,
 * subscriptions, @fromContext rewrites, which @apollo/gateway itself ignores) compile to null and
 * go to @apollo/gateway's executor instead.
 */
import type { FetchDataRewrite, PlanNode, QueryPlan, QueryPlanSelectionNode, SequenceNode } from '@apollo/query-planner';
import { isAbstractType, isInterfaceType, isObjectType, Kind, parse, type GraphQLSchema } from 'graphql';

type Json = Record<string, unknown>;

export type CompiledNode =
  | { readonly kind: 'sequence'; readonly nodes: readonly CompiledNode[] }
  | { readonly kind: 'parallel'; readonly nodes: readonly CompiledNode[] }
  | { readonly kind: 'flatten'; readonly path: readonly string[]; readonly node: CompiledNode }
  | { readonly kind: 'condition'; readonly variable: string; readonly ifClause: CompiledNode | null; readonly elseClause: CompiledNode | null }
  | CompiledLookup
  | CompiledFetch;

/**
 * A query's root field that finds one entity by its key arguments (`institution(uscc: $uscc)`),
 * followed by entity fetches that need nothing of it but that key: the plan's second hop. The
 * executor sends those fetches at once with the representation the arguments make, beside the root
 * fetch, and keeps each answer only when the representation the root's answer makes is the same
 * (else it fetches again, as `plain`), so the answer never differs from the plan's.
 */
export interface CompiledLookup {
  readonly kind: 'lookup';
  readonly root: CompiledFetch;
  /** The root field's response key: the path of every dependent fetch. */
  readonly field: string;
  readonly typename: string;
  /** Each key field of the representation and the variable that gives it. */
  readonly keys: readonly { readonly field: string; readonly variable: string }[];
  readonly dependents: readonly CompiledFetch[];
  /** The same plan, run as it stands. */
  readonly plain: CompiledNode;
}

export interface CompiledFetch {
  readonly kind: 'fetch';
  readonly serviceName: string;
  readonly operation: string;
  /** `"query":<operation>`: the start of every request body of this fetch. */
  readonly queryJson: string;
  /** `,"operationName":"..."` or '' (the body's last member). */
  readonly operationNameJson: string;
  readonly variableUsages: readonly string[];
  /** Builds one entity's representation; null when it has none (no `__typename`). */
  readonly represent: ((entity: Json) => Json | null) | null;
  readonly inputRewrites: readonly CompiledRewrite[];
  readonly outputRewrites: readonly CompiledRewrite[];
}

export interface CompiledRewrite {
  /** Path to the object to change: field names, or `{ typeCondition }` for `... on T`. */
  readonly path: readonly (string | { readonly typeCondition: string })[];
  readonly field: string;
  readonly apply: (object: Json, field: string) => void;
}

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/** Compiles a plan; undefined when it has nothing to fetch, null when @apollo/gateway must run it. */
export function compilePlan(plan: QueryPlan, isObjectOfType: ObjectOfType): CompiledNode | null | undefined {
  let supported = true;

  const compileNode = (node: PlanNode): CompiledNode => {
    switch (node.kind) {
      case 'Sequence': {
        const plain: CompiledNode = { kind: 'sequence', nodes: node.nodes.map(compileNode) };
        return (node === plan.node && lookupOf(node, plain)) || plain;
      }
      case 'Parallel':
        return { kind: 'parallel', nodes: node.nodes.map(compileNode) };
      case 'Flatten':
        return { kind: 'flatten', path: node.path.map(String), node: compileNode(node.node) };
      case 'Condition':
        return {
          kind: 'condition',
          variable: node.condition,
          ifClause: node.ifClause ? compileNode(node.ifClause) : null,
          elseClause: node.elseClause ? compileNode(node.elseClause) : null,
        };
      case 'Fetch':
        if (node.contextRewrites?.length) supported = false;
        return {
          kind: 'fetch',
          serviceName: node.serviceName,
          operation: node.operation,
          queryJson: `"query":${JSON.stringify(node.operation)}`,
          operationNameJson: node.operationName === undefined ? '' : `,"operationName":${JSON.stringify(node.operationName)}`,
          variableUsages: node.variableUsages ?? [],
          represent: node.requires ? compileRequires(node.requires, isObjectOfType) : null,
          inputRewrites: compileRewrites(node.inputRewrites),
          outputRewrites: compileRewrites(node.outputRewrites),
        };
      case 'Defer':
        supported = false;
        return { kind: 'sequence', nodes: [] };
    }
  };

  if (!plan.node) return undefined;
  if (plan.node.kind === 'Subscription') return null;
  const compiled = compileNode(plan.node);
  return supported ? compiled : null;
}

/**
 * The plan `Sequence { Fetch(root), Flatten(field) { Fetch } | Parallel { Flatten(field) { Fetch }... } }`
 * of a query whose root fetch selects one field with arguments named as the key fields the dependent
 * fetches require (`... on T { __typename <keys> }`), each given by a variable. Anything else: null.
 */
function lookupOf(node: SequenceNode, plain: CompiledNode & { kind: 'sequence' }): CompiledLookup | null {
  const [root, next] = plain.nodes;
  if (plain.nodes.length !== 2 || root?.kind !== 'fetch' || root.represent) return null;
  const flattens = next?.kind === 'parallel' ? next.nodes : next ? [next] : [];
  const operation = parse(root.operation).definitions[0];
  if (operation?.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'query' || operation.selectionSet.selections.length !== 1) return null;
  const rootField = operation.selectionSet.selections[0]!;
  if (rootField.kind !== Kind.FIELD) return null;
  const field = rootField.alias?.value ?? rootField.name.value;
  const variableOf = new Map((rootField.arguments ?? []).flatMap((a) => (a.value.kind === Kind.VARIABLE ? [[a.name.value, a.value.name.value] as const] : [])));
  let typename: string | null = null;
  let keys: { field: string; variable: string }[] = [];
  const dependents: CompiledFetch[] = [];
  const planned = node.nodes[1]!;
  const plannedFlattens = planned.kind === 'Parallel' ? planned.nodes : [planned];
  for (let i = 0; i < flattens.length; i++) {
    const flatten = flattens[i]!;
    const fetchNode = plannedFlattens[i];
    if (flatten.kind !== 'flatten' || flatten.path.length !== 1 || flatten.path[0] !== field || flatten.node.kind !== 'fetch') return null;
    if (fetchNode?.kind !== 'Flatten' || fetchNode.node.kind !== 'Fetch') return null;
    const dependent = flatten.node;
    const [fragment, ...more] = fetchNode.node.requires ?? [];
    if (!dependent.represent || dependent.inputRewrites.length || more.length || fragment?.kind !== 'InlineFragment' || !fragment.typeCondition) return null;
    const names: string[] = [];
    for (const selection of fragment.selections) {
      if (selection.kind !== 'Field' || selection.selections || selection.alias) return null;
      if (selection.name !== '__typename') names.push(selection.name);
    }
    if (names.length !== fragment.selections.length - 1 || names.length === 0) return null;
    const fieldKeys: { field: string; variable: string }[] = [];
    for (const name of names) {
      const variable = variableOf.get(name);
      if (variable === undefined) return null;
      fieldKeys.push({ field: name, variable });
    }
    // Every dependent asks for the same type by the same key.
    if (typename !== null && (typename !== fragment.typeCondition || keys.map((k) => k.field).join() !== names.join())) return null;
    typename = fragment.typeCondition;
    keys = fieldKeys;
    dependents.push(dependent);
  }
  if (typename === null || dependents.length === 0) return null;
  return { kind: 'lookup', root, field, typename, keys, dependents, plain };
}

export type ObjectOfType = (object: Json, typeCondition: string, onUnknown: boolean) => boolean;

/** @apollo/gateway's isObjectOfType, with the subtype answers cached. */
export function objectOfTypeChecker(schema: GraphQLSchema): ObjectOfType {
  const answers = new Map<string, boolean>();
  return (object, typeCondition, onUnknown) => {
    const typename = object.__typename;
    if (!typename) return onUnknown;
    if (typeCondition === typename) return true;
    const key = `${String(typename)}\0${typeCondition}`;
    let answer = answers.get(key);
    if (answer === undefined) {
      const type = schema.getType(String(typename));
      const condition = schema.getType(typeCondition);
      answer = !!type && !!condition && isAbstractType(condition) && (isObjectType(type) || isInterfaceType(type)) && schema.isSubType(condition, type);
      answers.set(key, answer);
    }
    return answer;
  };
}

/**
 * @apollo/gateway's executeSelectionSet over `requires`: a field missing from the entity makes
 * the (sub)selection null; a type-conditioned fragment that does not apply contributes nothing.
 */
function compileRequires(requires: readonly QueryPlanSelectionNode[], isObjectOfType: ObjectOfType): (entity: Json) => Json | null {
  const select = compileSelection(requires, isObjectOfType);
  return (entity) => {
    const representation = select(entity);
    return representation && representation.__typename ? representation : null;
  };
}

function compileSelection(selections: readonly QueryPlanSelectionNode[], isObjectOfType: ObjectOfType): (source: Json | null) => Json | null {
  const steps = selections.map((selection) => {
    if (selection.kind === 'Field') {
      const name = selection.alias ?? selection.name;
      const inner = selection.selections ? compileSelection(selection.selections, isObjectOfType) : null;
      return { field: true as const, name, inner, typeCondition: null };
    }
    return { field: false as const, name: '', inner: compileSelection(selection.selections, isObjectOfType), typeCondition: selection.typeCondition ?? null };
  });
  const select = (source: Json | null): Json | null => {
    if (source === null) return null;
    let result: Json = {};
    // Whether result still is the empty object above: a fragment's selection, itself a fresh
    // object, then becomes the result instead of being merged into it (the usual representation
    // is one `... on T { __typename <key> }`).
    let empty = true;
    for (const step of steps) {
      if (step.field) {
        const value = hasOwn(source, step.name) ? source[step.name] : undefined;
        if (value === undefined) return null;
        if (Array.isArray(value)) {
          result[step.name] = step.inner ? value.map((item) => step.inner!(item as Json | null)) : value;
        } else if (step.inner) {
          result[step.name] = step.inner(value as Json | null);
        } else {
          result[step.name] = value;
        }
        empty = false;
      } else if (step.typeCondition !== null && isObjectOfType(source, step.typeCondition, false)) {
        const selected = step.inner!(source);
        if (selected === null) continue;
        if (empty) result = selected;
        else deepMerge(result, selected);
        empty = false;
      }
    }
    return result;
  };
  return select;
}

const FRAGMENT_PREFIX = '... on ';

function compileRewrites(rewrites: readonly FetchDataRewrite[] | undefined): CompiledRewrite[] {
  if (!rewrites) return [];
  const compiled: CompiledRewrite[] = [];
  for (const rewrite of rewrites) {
    if (rewrite.path.length === 0) continue;
    const parent = rewrite.path.slice(0, -1).map((element) => (element.startsWith(FRAGMENT_PREFIX) ? { typeCondition: element.slice(FRAGMENT_PREFIX.length) } : element));
    const last = rewrite.path[rewrite.path.length - 1]!;
    if (last.startsWith(FRAGMENT_PREFIX)) throw new Error(`Unexpected fragment as last element of ${rewrite.path}`);
    const apply = rewrite.kind === 'ValueSetter'
      ? (object: Json, field: string) => {
        defineOwn(object, field);
        object[field] = rewrite.setValueTo;
      }
      : (object: Json, field: string) => {
        const value = hasOwn(object, field) ? object[field] : undefined;
        if (value) {
          defineOwn(object, rewrite.renameKeyTo);
          object[rewrite.renameKeyTo] = value;
          object[field] = undefined;
        }
      };
    compiled.push({ path: parent, field: last, apply });
  }
  return compiled;
}

/** @apollo/gateway's applyRewrites: each rewrite at every object its path reaches. */
export function applyRewrites(rewrites: readonly CompiledRewrite[], value: unknown, isObjectOfType: ObjectOfType): void {
  for (const rewrite of rewrites) applyAtPath(rewrite, 0, value, isObjectOfType);
}

function applyAtPath(rewrite: CompiledRewrite, at: number, value: unknown, isObjectOfType: ObjectOfType): void {
  if (Array.isArray(value)) {
    for (const item of value) applyAtPath(rewrite, at, item, isObjectOfType);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const object = value as Json;
  if (at === rewrite.path.length) {
    rewrite.apply(object, rewrite.field);
    return;
  }
  const element = rewrite.path[at]!;
  if (typeof element === 'string') applyAtPath(rewrite, at + 1, hasOwn(object, element) ? object[element] : undefined, isObjectOfType);
  else if (isObjectOfType(object, element.typeCondition, true)) applyAtPath(rewrite, at + 1, object, isObjectOfType);
}


/** What a plain object inherits (the merged objects are parsed JSON or `{}`), checked before `in`. */
const PROTOTYPE_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Makes `key` an own property before it is assigned, so that `__proto__` or `constructor` is data, not the prototype's. */
function defineOwn(object: Json, key: string): void {
  if (PROTOTYPE_KEYS.has(key) && !hasOwn(object, key)) Object.defineProperty(object, key, { configurable: true, enumerable: true, value: undefined, writable: true });
}

const isObject = (value: unknown): value is Json => value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * @apollo/gateway's deepMerge: `source` into `target`, lists of equal length element by element.
 * Sources are parsed JSON (own enumerable keys only), so for..in visits what Object.keys would,
 * in the same order, without an array per object.
 */
export function deepMerge(target: Json, source: Json | null | undefined): Json {
  if (source === undefined || source === null) return target;
  for (const key in source) {
    const value = source[key];
    if (value === undefined) continue;
    defineOwn(target, key);
    const existing = target[key];
    if (existing && isObject(value)) {
      deepMerge(existing as Json, value);
    } else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      for (let i = 0; i < value.length; i++) {
        if (isObject(existing[i]) && isObject(value[i])) deepMerge(existing[i] as Json, value[i] as Json);
        else existing[i] = value[i];
      }
    } else {
      target[key] = value;
    }
  }
  return target;
}
