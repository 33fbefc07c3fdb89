import { filterSchema, pruneSchema } from '@graphql-tools/utils';
import { execute, getNamedType, validateSchema, type DocumentNode, type GraphQLSchema, type GraphQLType } from 'graphql';
import type { Principal } from '../../common/principal';
import { requirementSatisfied, type AuthorizationRequirements } from '../authorize/requirements';
import { gatewayError } from '../errors/error-catalogue';
import { toErrorBody } from '../errors/format-errors';
import type { OperationResponse } from '../pipeline/operation';

const MAX_CACHED = 64;

/**
 * Introspection answers from the schema the caller may see: types and fields whose requirements
 * (their own and their return type's) the caller does not meet are not in it, so introspection
 * names nothing the caller could not query. Schemas are cached by the requirement-relevant part of
 * the caller (authenticated or not, and which of the scopes the supergraph mentions it holds).
 */
export function createCallerIntrospection(schema: GraphQLSchema, requirements: AuthorizationRequirements, authorizationEnabled: boolean) {
  const schemas = new Map<string, GraphQLSchema | null>();

  const visibleSchema = (principal: Principal): GraphQLSchema | null => {
    if (!authorizationEnabled) return schema;
    const held = [...requirements.scopes].filter((s) => principal.scopes.has(s)).sort();
    const key = `${principal.authenticated}\u0000${held.join(' ')}`;
    let visible = schemas.get(key);
    if (visible === undefined) {
      const typeVisible = (name: string) => name.startsWith('__') || requirementSatisfied(requirements.types.get(name), principal);
      const filtered = pruneSchema(filterSchema({
        schema,
        typeFilter: (name) => typeVisible(name),
        fieldFilter: (typeName, fieldName, field) =>
          requirementSatisfied(requirements.fields.get(`${typeName}.${fieldName}`), principal) && typeVisible(getNamedType(field.type as GraphQLType).name),
      }));
      // A filtered schema that is not valid GraphQL is not served: fail closed.
      visible = validateSchema(filtered).length === 0 ? filtered : null;
      if (schemas.size >= MAX_CACHED) schemas.delete(schemas.keys().next().value as string);
      schemas.set(key, visible);
    }
    return visible;
  };

  return (document: DocumentNode, operationName: string | null, variables: Record<string, unknown>, principal: Principal): OperationResponse => {
    const visible = visibleSchema(principal);
    if (!visible) return { status: 500, body: { errors: [gatewayError('INTERNAL_SERVER_ERROR', 'Internal server error')] } };
    const result = execute({ schema: visible, document, operationName, variableValues: variables }) as Awaited<ReturnType<typeof execute>>;
    const body: OperationResponse['body'] = { data: (result.data as Record<string, unknown> | null | undefined) ?? null };
    if (result.errors?.length) body.errors = result.errors.map((error) => toErrorBody(error, 'GRAPHQL_VALIDATION_FAILED'));
    return { status: 200, body };
  };
}
