/**
 * Puts the response of a filtered operation back into the shape of the original operation: every
 * removed response key comes back as `null`, with standard GraphQL null propagation (a non-null
 * field that is null nulls its nearest nullable ancestor; all the way up, `data` is null).
 *
 * Runs once per response, so it works in place on the (freshly parsed, unshared) result data and
 * allocates nothing per object. A key that is already present is left alone: the same response key
 * was also selected by a surviving, authorized selection (GraphQL merges fields by response key).
 */
import { selectionIncluded, type DeniedField } from '../authorize/filter-operation';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Walks one denial from index `i` (a response key) into `object`; true ⇒ `object` must become null. */
function denyInObject(object: JsonObject, entry: DeniedField, i: number): boolean {
  const condition = entry.typeConditions[i];
  if (condition) {
    const typename = object[entry.typenameKey];
    // No type information: the key cannot be attributed to this object, so leave it as it is.
    if (typeof typename !== 'string' || !condition.includes(typename)) return false;
  }
  const key = entry.responsePath[i]!;
  if (i === entry.responsePath.length - 1) {
    if (key in object) return false;
    if (entry.nonNull[i]) return true;
    object[key] = null;
    return false;
  }
  const value = object[key];
  if (value === null || value === undefined) return false;
  if (denyInValue(value, entry, i + 1)) {
    if (entry.nonNull[i]) return true;
    object[key] = null;
  }
  return false;
}

function denyInValue(value: unknown, entry: DeniedField, i: number): boolean {
  if (entry.responsePath[i] === '@') {
    if (!Array.isArray(value)) return false;
    for (let k = 0; k < value.length; k++) {
      const item: unknown = value[k];
      if (item === null || item === undefined) continue;
      if (denyInValue(item, entry, i + 1)) {
        if (entry.nonNull[i]) return true;
        value[k] = null;
      }
    }
    return false;
  }
  return isObject(value) ? denyInObject(value, entry, i) : false;
}

function stripTypename(value: unknown, entry: DeniedField, i: number): void {
  if (value === null || value === undefined) return;
  if (entry.responsePath[i] === '@') {
    if (Array.isArray(value)) for (const item of value) stripTypename(item, entry, i + 1);
    return;
  }
  if (!isObject(value)) return;
  if (entry.typeConditions[i]) delete value[entry.typenameKey];
  if (i < entry.responsePath.length - 1) stripTypename(value[entry.responsePath[i]!], entry, i + 1);
}

/**
 * Inserts `null` for each denied response key (walking "@" over arrays) in every object it reaches,
 * applying null propagation. Entries of kind `type` have no key of their own and are skipped.
 * `variables` (the request's) decides `@include(if: $v)` / `@skip(if: $v)`: a denied selection the
 * client did not include gets no key. Mutates `data` in place; returns it, or null when propagation
 * reaches the root.
 */
export function applyDenials(
  data: Record<string, unknown> | null,
  denied: readonly DeniedField[],
  variables?: Readonly<Record<string, unknown>>,
): Record<string, unknown> | null {
  if (data === null || denied.length === 0) return data;
  let root: JsonObject | null = data;
  let typed = false;
  for (const entry of denied) {
    if (entry.kind === 'type') continue;
    if (!typed && entry.typeConditions.some((c) => c !== null)) typed = true;
    if (root === null || entry.responsePath.length === 0) continue;
    if (entry.conditions.length > 0 && !selectionIncluded(entry.conditions, variables)) continue;
    if (denyInObject(root, entry, 0)) root = null;
  }
  // Remove the `__typename` the filter added for type-conditioned entries, once all are applied.
  if (typed && root !== null) {
    for (const entry of denied) {
      if (entry.kind !== 'type' && entry.typeConditions.some((c) => c !== null)) stripTypename(root, entry, 0);
    }
  }
  return root;
}
