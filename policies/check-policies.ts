import { buildASTSchema, getNamedType, isInterfaceType, isObjectType, parse } from 'graphql';
import type { AuthorizationRequirements } from '../gateway/authorize/requirements';
import type { Policies } from './load-policies';

/** `@inaccessible` as composition writes it into the supergraph (the inaccessible spec is imported by name). */
function inaccessible(directives: readonly { readonly name: { readonly value: string } }[] | undefined): boolean {
  return directives?.some((d) => d.name.value === 'inaccessible') ?? false;
}

/** Types composition and the link specs add; they carry no agency data. */
const MACHINERY = /^(join__|link__)/;

export interface PolicyFindings {
  /** Fields anyone may read that `public-fields.json` does not declare public by law. */
  readonly unguardedNotPublic: string[];
  /** `public-fields.json` entries that are not unguarded fields of the supergraph (stale or misspelt). */
  readonly publicNotUnguarded: string[];
  /** Scopes a requirement uses that the catalogue does not list. */
  readonly scopesNotCatalogued: string[];
  /** Scopes of the NOT_SHARED class that appear in the supergraph anyway. */
  readonly notSharedInSupergraph: string[];
}

/**
 * Deny by default, checked: every field of the supergraph either carries a requirement (its own,
 * its type's or its return type's) or is listed as public by law; every scope is catalogued.
 * `rowLevelScopes` are the scopes subgraphs apply to rows rather than through directives.
 */
export function checkPolicies(
  executableSdl: string,
  requirements: AuthorizationRequirements,
  policies: Policies,
  rowLevelScopes: readonly string[],
): PolicyFindings {
  const schema = buildASTSchema(parse(executableSdl), { assumeValid: true, assumeValidSDL: true });
  const unguarded = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || MACHINERY.test(type.name)) continue;
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    if (requirements.types.has(type.name)) continue;
    if (inaccessible(type.astNode?.directives)) continue;
    for (const field of Object.values(type.getFields())) {
      // Not in the API schema: no client can select it, so there is nothing to guard or publish.
      if (inaccessible(field.astNode?.directives)) continue;
      const coordinate = `${type.name}.${field.name}`;
      if (requirements.fields.has(coordinate) || requirements.types.has(getNamedType(field.type).name)) continue;
      unguarded.add(coordinate);
    }
  }
  const used = new Set([...requirements.scopes, ...rowLevelScopes]);
  return {
    unguardedNotPublic: [...unguarded].filter((c) => !policies.publicFields.has(c)).sort(),
    publicNotUnguarded: [...policies.publicFields].filter((c) => !unguarded.has(c)).sort(),
    scopesNotCatalogued: [...used].filter((s) => !policies.scopes.has(s)).sort(),
    notSharedInSupergraph: [...requirements.scopes].filter((s) => policies.scopes.get(s)?.sharingClass === 'NOT_SHARED').sort(),
  };
}
