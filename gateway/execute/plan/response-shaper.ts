/**
 * The last step of executing a plan: the merged subgraph data is read through the operation's
 * selections into a fresh response, with @skip/@include, `__typename`, leaf validation and null
 * propagation exactly as @apollo/gateway's `computeResponse` does them (same order, same messages,
 * same bubbling), but compiled once per operation instead of walking federation-internals'
 * selection objects on every request.
 */
import {
  isCompositeType, isCustomScalarType, isEnumType, isListType, isNonNullType, isObjectType, isSubtype, typenameFieldName as federationTypename,
  type CompositeType, type NamedType, type Operation, type Schema, type SelectionSet, type Type,
} from '@apollo/federation-internals';
import { GraphQLError } from 'graphql';

type Json = Record<string, unknown>;

/** `@skip(if:)` / `@include(if:)` on one selection: a constant or a variable read per request. */
interface Condition {
  readonly skip: boolean;
  readonly value: boolean | null;
  readonly variable: string | null;
  /** As federation-internals prints the directive, for its assertion message. */
  readonly text: string;
}

type TypeShape =
  | { readonly kind: 'nonNull'; readonly of: TypeShape; readonly text: string }
  | { readonly kind: 'list'; readonly of: TypeShape; readonly text: string }
  | { readonly kind: 'composite'; readonly name: string; readonly text: string }
  | { readonly kind: 'leaf'; readonly valid: (value: unknown) => boolean; readonly text: string };

interface FieldShape {
  readonly kind: 'field';
  readonly conditions: readonly Condition[];
  readonly responseName: string;
  /** The name is one an object inherits (`constructor`, `toString`...): read only as an own property. */
  readonly inherited: boolean;
  readonly isTypename: boolean;
  readonly type: TypeShape;
  readonly selections: SelectionsShape | null;
}

interface FragmentShape {
  readonly kind: 'fragment';
  readonly conditions: readonly Condition[];
  /** null: no type condition, always applies. */
  readonly typeCondition: string | null;
  /** Whether the condition holds when the object carries no `__typename` (static parent type). */
  readonly appliesWithoutTypename: boolean;
  /** Per runtime typename: does the condition hold? Filled lazily from the schema. */
  readonly appliesTo: Map<string, boolean>;
  readonly selections: SelectionsShape;
}

interface SelectionsShape {
  readonly items: readonly (FieldShape | FragmentShape)[];
  /** The parent type for messages when set by a fragment's condition; null: the object's own type. */
  readonly parentName: string | null;
}

export interface ShapedResponse {
  readonly data: Json | null;
  /** Value-completion errors; @apollo/gateway reports them only when the fetches had none. */
  readonly errors: GraphQLError[];
}

export interface ResponseShaper {
  shape(input: Json, variables: Readonly<Record<string, unknown>>): ShapedResponse;
}

const BUBBLE = 1;
const PROTOTYPE_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));
const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);
// Read once: a package's re-exports are getters, and the shaping loop reads this for every object.
const typenameFieldName: string = federationTypename;

/** Compiles the shaping of one operation (the API-schema operation @apollo/gateway would build). */
export function compileResponseShaper(operation: Operation): ResponseShaper {
  const schema = operation.schema();
  const defaults = operation.collectDefaultedVariableValues() as Record<string, unknown>;
  const typeKinds = new Map<string, { object: boolean; composite: boolean }>();
  const typeKind = (name: string) => {
    let kind = typeKinds.get(name);
    if (!kind) {
      const type = schema.type(name);
      kind = { object: !!type && isObjectType(type), composite: !!type && isCompositeType(type) };
      typeKinds.set(name, kind);
    }
    return kind;
  };
  const rootType = schema.schemaDefinition.rootType(operation.rootKind)!;
  const root = compileSelections(schema, operation.selectionSet, rootType, null);

  function conditionsHold(conditions: readonly Condition[], variables: Readonly<Record<string, unknown>>): boolean {
    for (const condition of conditions) {
      let value = condition.value;
      if (condition.variable !== null) {
        const given = hasOwn(variables, condition.variable) ? variables[condition.variable] : defaults[condition.variable];
        if (given === undefined || typeof given !== 'boolean') throw new Error(`Unexpected value ${given} for variable $${condition.variable} of ${condition.text}`);
        value = given;
      }
      if (condition.skip ? value : !value) return false;
    }
    return true;
  }

  function describe(path: readonly (string | number)[], current: TypeShape, parentName: string): string {
    const last = path[path.length - 1]!;
    return typeof last === 'string' ? `field ${parentName}.${last}` : `array element of type ${current.text} at index ${last}`;
  }

  function fragmentApplies(fragment: FragmentShape, typename: unknown): boolean {
    if (fragment.typeCondition === null) return true;
    if (typeof typename !== 'string' || typename === '') return fragment.appliesWithoutTypename;
    let applies = fragment.appliesTo.get(typename);
    if (applies === undefined) {
      const type = schema.type(typename);
      const condition = schema.type(fragment.typeCondition);
      applies = !!type && !!condition && isSubtype(condition as NamedType as never, type as never);
      fragment.appliesTo.set(typename, applies);
    }
    return applies;
  }

  return {
    shape(input, requestVariables) {
      const errors: GraphQLError[] = [];
      const variables = requestVariables;
      const path: (string | number)[] = [];

      function applySelections(value: Json, selections: SelectionsShape, output: Json, objectType: string): number {
        const parentName = selections.parentName ?? objectType;
        for (const item of selections.items) {
          if (item.conditions.length > 0 && !conditionsHold(item.conditions, variables)) continue;
          if (item.kind === 'field') {
            const name = item.responseName;
            const existing = output[name];
            let inputValue = (item.inherited && !hasOwn(value, name) ? undefined : value[name]) ?? null;
            if (item.isTypename) {
              if (existing === undefined) {
                if (inputValue === null && name !== typenameFieldName) inputValue = value[typenameFieldName] ?? null;
                const typeName = typeof inputValue === 'string' && schema.type(inputValue) ? inputValue : parentName;
                if (!typeKind(typeName).object) return BUBBLE;
                output[name] = typeName;
              }
              continue;
            }
            path.push(name);
            output[name] = complete(existing, item.type, inputValue, item.selections, parentName);
            path.pop();
            if (invalid) return BUBBLE;
          } else {
            const typename = value[typenameFieldName];
            if (typename !== undefined && typeof typename !== 'string') throw new Error(`Got unexpected value for __typename: ${typename}`);
            if (fragmentApplies(item, typename)) {
              if (applySelections(value, item.selections, output, item.typeCondition ?? objectType) === BUBBLE) return BUBBLE;
            }
          }
        }
        return 0;
      }

      // What the last complete() call found, read by its caller right after it returns: whether the
      // value is an invalid null (bubbles to the parent) and whether errors were reported under it.
      // Flags rather than a result object per value: an answer of thousands of values allocates none.
      let invalid = false;
      let hasErrors = false;
      const done = (value: unknown, isInvalid: boolean, withErrors: boolean): unknown => {
        invalid = isInvalid;
        hasErrors = withErrors;
        return value;
      };

      function complete(existing: unknown, type: TypeShape, inputValue: unknown, selections: SelectionsShape | null, parentName: string): unknown {
        if (existing === null || (existing !== undefined && !selections)) return done(existing, false, false);
        switch (type.kind) {
          case 'nonNull': {
            const value = complete(existing, type.of, inputValue, selections, parentName);
            if (value === null) {
              if (!hasErrors) errors.push(invalidGraphQL(`Cannot return null for non-nullable ${describe(path, type.of, parentName)}.`, path));
              return done(null, true, true);
            }
            return done(value, false, false);
          }
          case 'list': {
            if (inputValue === null) return done(null, false, false);
            if (!Array.isArray(inputValue)) throw new Error(`Invalid non-list value ${inputValue} returned by subgraph for list type ${type.text}`);
            if (existing !== undefined && !Array.isArray(existing)) throw new Error(`Invalid non-list value ${existing} returned by subgraph for list type ${type.text}`);
            const list = existing as unknown[] | undefined;
            const length = list === undefined ? inputValue.length : list.length;
            if (inputValue.length !== length) throw new Error(`[${inputValue}].length (${inputValue.length}) !== [${list}].length (${length})`);
            let nullify = false;
            let anyErrors = false;
            const updated = new Array(length);
            for (let i = 0; i < length; i++) {
              path.push(i);
              const element = complete(list === undefined ? undefined : list[i], type.of, inputValue[i], selections, parentName);
              path.pop();
              if (invalid) nullify = true;
              if (hasErrors) anyErrors = true;
              updated[i] = element;
            }
            return done(nullify ? null : updated, false, anyErrors);
          }
          case 'composite': {
            if (inputValue === null) return done(null, false, false);
            if (typeof inputValue !== 'object') throw new Error(`Invalid non-object value ${inputValue} returned by subgraph for composite type ${type.text}`);
            if (existing !== undefined && typeof existing !== 'object') throw new Error(`Invalid non-object value ${inputValue} returned by subgraph for composite type ${type.text}`);
            const object = inputValue as Json;
            const typename = object[typenameFieldName];
            if (typename !== undefined && typeof typename !== 'string') throw new Error(`Invalid non-string value ${typename} for __typename at ${path}`);
            let objectType = type.name;
            if (typename) {
              if (!typeKind(typename).composite) {
                errors.push(invalidGraphQL(`Invalid __typename found for object at ${describe(path, type, parentName)}.`, path));
                return done(null, false, true);
              }
              objectType = typename;
            }
            const output = (existing === undefined ? {} : existing) as Json;
            const bubbled = applySelections(object, selections!, output, objectType) === BUBBLE;
            return done(bubbled ? null : output, false, bubbled);
          }
          case 'leaf': {
            if (inputValue === null) return done(null, false, false);
            if (existing !== undefined) throw new Error(`Excepted output to be undefined but got ${type.text} for type ${type.text}`);
            if (type.valid(inputValue)) return done(inputValue, false, false);
            errors.push(invalidGraphQL(`Invalid value found for ${describe(path, type, parentName)}.`, path));
            return done(null, false, true);
          }
        }
      }

      const data: Json = {};
      const bubbled = applySelections(input, root, data, rootType.name);
      return { data: bubbled === BUBBLE ? null : data, errors };
    },
  };
}

function invalidGraphQL(message: string, path: readonly (string | number)[]): GraphQLError {
  return new GraphQLError(message, { path: [...path], extensions: { code: 'INVALID_GRAPHQL' } });
}

/** true when an operation selects `__schema` or `__type`, which this shaper does not execute. */
export function selectsIntrospection(selectionSet: SelectionSet): boolean {
  for (const selection of selectionSet.selections()) {
    if (selection.kind === 'FieldSelection') {
      if (selection.element.definition.isSchemaIntrospectionField()) return true;
      if (selection.selectionSet && selectsIntrospection(selection.selectionSet)) return true;
    } else if (selectsIntrospection(selection.selectionSet)) {
      return true;
    }
  }
  return false;
}

function compileSelections(schema: Schema, selectionSet: SelectionSet, parentType: CompositeType, parentName: string | null): SelectionsShape {
  const items: (FieldShape | FragmentShape)[] = [];
  for (const selection of selectionSet.selections()) {
    const conditions = compileConditions(schema, selection.element);
    if (selection.kind === 'FieldSelection') {
      const field = selection.element;
      const type = field.definition.type!;
      items.push({
        kind: 'field',
        conditions,
        responseName: field.responseName(),
        inherited: PROTOTYPE_KEYS.has(field.responseName()),
        isTypename: field.name === typenameFieldName,
        type: compileType(schema, type),
        selections: selection.selectionSet ? compileSelections(schema, selection.selectionSet, baseType(type) as CompositeType, null) : null,
      });
    } else {
      const condition = selection.element.typeCondition;
      items.push({
        kind: 'fragment',
        conditions,
        typeCondition: condition ? condition.name : null,
        appliesWithoutTypename: !condition || isSubtype(condition as never, parentType as never),
        appliesTo: new Map(),
        selections: compileSelections(schema, selection.selectionSet, (condition ?? parentType) as CompositeType, condition ? condition.name : parentName),
      });
    }
  }
  return { items, parentName };
}

function compileConditions(schema: Schema, element: { appliedDirectivesOf(definition: never): readonly { arguments(): Record<string, unknown>; toString(): string }[] }): Condition[] {
  const conditions: Condition[] = [];
  for (const [definition, skip] of [[schema.skipDirective(), true], [schema.includeDirective(), false]] as const) {
    const applied = element.appliedDirectivesOf(definition as never)[0];
    if (!applied) continue;
    const argument = applied.arguments().if as unknown;
    const variable = argument && typeof argument === 'object' && 'name' in argument ? String((argument as { name: string }).name) : null;
    conditions.push({ skip, value: variable === null ? Boolean(argument) : null, variable, text: applied.toString() });
  }
  // @skip is checked first, then @include, as federation-internals' shouldSkip does (either excludes).
  return conditions;
}

function baseType(type: Type): NamedType {
  let current = type;
  while (isNonNullType(current) || isListType(current)) current = current.ofType;
  return current as NamedType;
}

function compileType(schema: Schema, type: Type): TypeShape {
  const text = type.toString();
  if (isNonNullType(type)) return { kind: 'nonNull', of: compileType(schema, type.ofType), text };
  if (isListType(type)) return { kind: 'list', of: compileType(schema, type.ofType), text };
  if (isCompositeType(type)) return { kind: 'composite', name: type.name, text };
  if (isCustomScalarType(type)) return { kind: 'leaf', valid: () => true, text };
  if (isEnumType(type)) {
    const values = new Set(type.values.map((v) => v.name));
    return { kind: 'leaf', valid: (value) => typeof value === 'string' && values.has(value), text };
  }
  const isBoolean = type === schema.booleanType();
  const isInt = type === schema.intType();
  const isId = type === schema.idType();
  const isFloat = type === schema.floatType();
  return {
    kind: 'leaf',
    text,
    valid: (value) => {
      if (typeof value === 'boolean') return isBoolean;
      if (typeof value === 'number' && isFinite(value)) return isInt || isId ? printsAsInteger(value) : isFloat;
      if (typeof value === 'string') return !isBoolean && !isInt && !isFloat;
      return false;
    },
  };
}

/**
 * What @apollo/gateway's `/^-?(?:0|[1-9][0-9]*)$/.test(String(value))` accepts, without the string:
 * an integer below 1e21 in magnitude (from there on, String() writes an exponent).
 */
export function printsAsInteger(value: number): boolean {
  return Number.isInteger(value) && value < 1e21 && value > -1e21;
}
