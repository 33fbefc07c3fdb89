import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Principal } from '../../common/principal';
import type { PolicyEvaluator } from '../authorize/policy-module';
import type { AuthorizationRequirements } from '../authorize/requirements';
import type { IntrospectionMode } from '../config';
import { gatewayError } from '../errors/error-catalogue';
import type { OperationResponse, OperationText, SelectedOperation } from '../pipeline/operation';
import { createCallerIntrospection } from './caller-introspection';
import { introspectionUse } from './introspection-fields';
import { checkIntrospection } from './introspection-guard';
import { createSuggestionRedactor } from './redact-suggestions';

export interface SchemaExposureOptions {
  readonly introspection: IntrospectionMode;
  readonly authorizationEnabled: boolean;
  /** Decides `@policy` policies for introspection as for operations; null when none is configured. */
  readonly policies: PolicyEvaluator | null;
}

/**
 * What a caller may learn of the schema itself: whether it may introspect at all (before
 * validation), the schema its introspection answers from, and the names validation errors suggest.
 * None of them names a field or type the caller could not query.
 */
export function createSchemaExposure(schema: GraphQLSchema, requirements: AuthorizationRequirements, options: SchemaExposureOptions) {
  const redactSuggestions = createSuggestionRedactor(schema, requirements, options.authorizationEnabled);
  const introspect = createCallerIntrospection(schema, requirements, options.authorizationEnabled, options.policies);
  return {
    /** Before validation: a refusal for a caller who may not introspect, else null. */
    refuseIntrospection: (document: DocumentNode, principal: Principal) => checkIntrospection(options.introspection, document, principal),

    /** A refused operation's answer, its errors' suggestions cut to what the caller may see. */
    redact(response: OperationResponse, principal: Principal): OperationResponse {
      const { body } = response;
      return body.errors ? { ...response, body: { ...body, errors: redactSuggestions(body.errors, principal) } } : response;
    },

    /** The answer to an introspection operation, from the caller's visible schema; null for any other operation. */
    answerIntrospection(text: OperationText, selected: SelectedOperation, principal: Principal): Promise<OperationResponse> | OperationResponse | null {
      const use = introspectionUse(selected.document, selected.operation);
      if (!use.introspects) return null;
      if (!use.only) {
        return { status: 400, body: { errors: [gatewayError('GRAPHQL_VALIDATION_FAILED', '__schema and __type cannot be combined with other root fields; send the introspection as an operation of its own')] } };
      }
      return introspect(selected.document, text.operationName, text.variables, principal);
    },
  };
}
