import {
  defaultFieldResolver,
  getNamedType,
  isObjectType,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import type { Principal } from '../../common/principal';
import type { SubgraphContext } from './agency';
import { subgraphError } from './errors';

interface Requirement {
  authenticated: boolean;
  /** Outer list OR, inner lists AND; every entry must hold (one per directive met). */
  scopes: string[][][];
}

function readDirectives(directives: readonly ConstDirectiveNode[] | undefined, into: Requirement): void {
  for (const directive of directives ?? []) {
    if (directive.name.value === 'authenticated') into.authenticated = true;
    if (directive.name.value === 'requiresScopes') {
      const argument = directive.arguments?.find((a) => a.name.value === 'scopes');
      if (argument) into.scopes.push(valueFromASTUntyped(argument.value) as string[][]);
    }
  }
}

function satisfied(requirement: Requirement, principal: Principal): boolean {
  if (requirement.authenticated && !principal.authenticated) return false;
  // `scopes: []` would mean "always": the federation spec's own foot-gun, kept for compatibility.
  return requirement.scopes.every((dnf) => dnf.length === 0 || dnf.some((all) => all.every((s) => principal.scopes.has(s))));
}

/**
 * The subgraph enforces its own `@authenticated` / `@requiresScopes` again, so a request sent
 * straight to it (`_entities` included) gets nothing its token does not allow. A field is served
 * when its own requirement, its return type's and its parent type's all hold; otherwise it
 * resolves to an UNAUTHORIZED_FIELD_OR_TYPE error. Fields with no requirement are left untouched.
 */
export function enforceRequirements(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const parent: Requirement = { authenticated: false, scopes: [] };
    readDirectives(type.astNode?.directives, parent);
    for (const ext of type.extensionASTNodes) readDirectives(ext.directives, parent);
    for (const field of Object.values(type.getFields())) {
      const requirement: Requirement = { authenticated: parent.authenticated, scopes: [...parent.scopes] };
      readDirectives(field.astNode?.directives, requirement);
      const returned = getNamedType(field.type);
      readDirectives(returned.astNode?.directives, requirement);
      if (!requirement.authenticated && requirement.scopes.length === 0) continue;
      const resolve: GraphQLFieldResolver<unknown, SubgraphContext<unknown>> = field.resolve ?? defaultFieldResolver;
      const coordinate = `${type.name}.${field.name}`;
      field.resolve = (source, args, context, info) => {
        if (!satisfied(requirement, context.principal)) {
          throw subgraphError('UNAUTHORIZED_FIELD_OR_TYPE', 'Unauthorized field or type', { coordinate });
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
