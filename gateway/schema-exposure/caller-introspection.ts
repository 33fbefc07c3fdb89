import { filterSchema, pruneSchema } from '@graphql-tools/utils';
import { execute, getNamedType, validateSchema, type DocumentNode, type GraphQLSchema, type GraphQLType } from 'graphql';
import type { Principal } from '../../common/principal';
import type { PolicyEvaluator } from '../authorize/policy-module';
import { requirementSatisfied, type AuthorizationRequirements } from '../authorize/requirements';
import { gatewayError } from '../errors/error-catalogue';
import { toErrorBody } from '../errors/format-errors';
import type { OperationResponse } from '../pipeline/operation';

const MAX_CACHED = 64;

/**
 * Introspection answers from the schema the caller may see: types and fields whose requirements
 * (their own and their return type's) the caller does not meet are not in it, so introspection
 * names nothing the caller could not query. Schemas are cached by the requirement-relevant part of
 * the caller (authenticated or not, which of the scopes the supergraph mentions it holds, and which
 * of its policies the policy module grants it: a policy is decided for every introspection, as for
 * every operation that names a guarded field).
 */
export function createCallerIntrospection(schema: GraphQLSchema, requirements: AuthorizationRequirements, authorizationEnabled: boolean, policies: PolicyEvaluator | null) {
  const schemas = new Map<string, GraphQLSchema | null>();

  const visibleSchema = async (principal: Principal): Promise<GraphQLSchema | null> => {
    if (!authorizationEnabled) return schema;
    const held = [...requirements.scopes].filter((s) => principal.scopes.has(s)).sort();
    const granted = policies && requirements.policies.size > 0 ? await policies(requirements.policies, principal) : new Set<string>();
    const key = `${principal.authenticated}\u0000${held.join(' ')}\u0000${[...granted].sort().join(' ')}`;
    let visible = schemas.get(key);
    if (visible === undefined) {
      const caller = { ...principal, policies: granted };
      const typeVisible = (name: string) => name.startsWith('__') || requirementSatisfied(requirements.types.get(name), caller);
      const filtered = pruneSchema(filterSchema({
        schema,
        typeFilter: (name) => typeVisible(name),
        fieldFilter: (typeName, fieldName, field) =>
          requirementSatisfied(requirements.fields.get(`${typeName}.${fieldName}`), caller) && typeVisible(getNamedType(field.type as GraphQLType).name),
      }));
      // A filtered schema that is not valid GraphQL is not served: fail closed.
      visible = validateSchema(filtered).length === 0 ? filtered : null;
      if (schemas.size >= MAX_CACHED) schemas.delete(schemas.keys().next().value as string);
      schemas.set(key, visible);
    }
    return visible;
  };

  return async (document: DocumentNode, operationName: string | null, variables: Record<string, unknown>, principal: Principal): Promise<OperationResponse> => {
    const visible = await visibleSchema(principal);
    if (!visible) return { status: 500, body: { errors: [gatewayError('INTERNAL_SERVER_ERROR', 'Internal server error')] } };
    const result = execute({ schema: visible, document, operationName, variableValues: variables }) as Awaited<ReturnType<typeof execute>>;
    const body: OperationResponse['body'] = { data: (result.data as Record<string, unknown> | null | undefined) ?? null };
    if (result.errors?.length) body.errors = result.errors.map((error) => toErrorBody(error, 'GRAPHQL_VALIDATION_FAILED'));
    return { status: 200, body };
  };
}
