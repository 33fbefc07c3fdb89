import {
  defaultFieldResolver,
  getNamedType,
  isObjectType,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { andRequirements, requirementSatisfied, type AuthorizationRequirements, type Requirement } from '../../gateway/authorize/requirements';
import type { SubgraphContext, SubgraphRequirements } from './agency';
import { subgraphError } from './errors';

function readDirectives(directives: readonly ConstDirectiveNode[] | undefined): Requirement | null {
  let requirement: Requirement | null = null;
  for (const directive of directives ?? []) {
    if (directive.name.value === 'authenticated') {
      requirement = andRequirements(requirement ?? undefined, { authenticated: true, scopes: null, policies: null });
    }
    if (directive.name.value === 'requiresScopes') {
      const argument = directive.arguments?.find((a) => a.name.value === 'scopes');
      const scopes = argument ? (valueFromASTUntyped(argument.value) as string[][]) : [];
      requirement = andRequirements(requirement ?? undefined, { authenticated: false, scopes, policies: null });
    }
  }
  return requirement;
}

const and = (a: Requirement | null, b: Requirement | null | undefined): Requirement | null => (b ? andRequirements(a ?? undefined, b) : a);

/**
 * Exactly what the gateway enforces, for every field this subgraph serves: the composed
 * supergraph's requirement on the field, on its parent type and on its return type (so the
 * requirements composition adds — an interface's, propagated from its implementations, or a type's
 * declared in another subgraph — hold here too), ANDed with the subgraph's own directives (so a
 * stale supergraph can only make it stricter). Fields with no requirement are absent.
 */
export function subgraphRequirements(schema: GraphQLSchema, supergraph: AuthorizationRequirements): SubgraphRequirements {
  const result = new Map<string, Requirement>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    let parent = and(null, supergraph.types.get(type.name));
    parent = and(parent, readDirectives(type.astNode?.directives));
    for (const ext of type.extensionASTNodes) parent = and(parent, readDirectives(ext.directives));
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      const returned = getNamedType(field.type);
      let requirement = parent;
      requirement = and(requirement, supergraph.fields.get(coordinate));
      requirement = and(requirement, supergraph.types.get(returned.name));
      requirement = and(requirement, readDirectives(field.astNode?.directives));
      requirement = and(requirement, readDirectives(returned.astNode?.directives));
      if (requirement) result.set(coordinate, requirement);
    }
  }
  return result;
}

/**
 * Guards every object field of the schema once, at build time: each request's context carries
 * the requirements the app enforces, and a field whose requirement the caller does not meet
 * resolves to an UNAUTHORIZED_FIELD_OR_TYPE error. So a request sent straight to the subgraph
 * (`_entities` included) gets nothing the gateway would not have given it.
 */
export function guardFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, SubgraphContext<unknown>> = field.resolve ?? defaultFieldResolver;
      const coordinate = `${type.name}.${field.name}`;
      field.resolve = (source, args, context, info) => {
        const requirement = context.requirements.get(coordinate);
        if (requirement && !requirementSatisfied(requirement, context.principal)) {
          throw subgraphError('UNAUTHORIZED_FIELD_OR_TYPE', 'Unauthorized field or type', { coordinate });
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
