import type { DocumentNode } from 'graphql';
import type { Principal } from '../../common/principal';
import type { IntrospectionMode } from '../config';
import { gatewayError } from '../errors/error-catalogue';
import type { OperationResponse } from '../pipeline/operation';
import { introspectionUse } from './introspection-fields';

/** Whether this caller may introspect at all (INTROSPECTION=off|authenticated|on). */
export function introspectionAllowed(mode: IntrospectionMode, principal: Principal): boolean {
  return mode === 'on' || (mode === 'authenticated' && principal.authenticated);
}

/**
 * Refuses `__schema` / `__type` to a caller who may not introspect, before validation, so an
 * anonymous caller learns nothing of the schema's shape. `__typename` is always allowed.
 */
export function checkIntrospection(mode: IntrospectionMode, document: DocumentNode, principal: Principal): OperationResponse | null {
  if (!introspectionUse(document).introspects || introspectionAllowed(mode, principal)) return null;
  return {
    status: 400,
    body: { errors: [gatewayError('INTROSPECTION_DISABLED', 'GraphQL introspection is not allowed for this caller, but the query contained __schema or __type')] },
  };
}
