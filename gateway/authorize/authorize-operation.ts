import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Principal } from '../../common/principal';
import type { GatewayConfig } from '../config';
import { answer, proceed, type OperationFacts, type OperationText, type SelectedOperation, type StageResult } from '../pipeline/operation';
import { unauthorizedErrors, withDenials } from './denial-errors';
import type { DeniedField } from './filter-operation';
import { createOperationAuthorizer } from './operation-authorizer';
import type { AuthorizationRequirements } from './requirements';

export interface AuthorizedOperation {
  /** What is planned: the client's document, less every selection the caller may not see. */
  readonly document: DocumentNode;
  readonly denied: readonly DeniedField[];
}

/**
 * Removes what the caller may not see before anything is planned, so no subgraph is ever asked
 * for it. Answers the request itself when nothing would remain, or when the configuration
 * refuses any operation with a denied field.
 */
export function createAuthorizeStage(schema: GraphQLSchema, requirements: AuthorizationRequirements, config: GatewayConfig['authorization']) {
  const authorize = createOperationAuthorizer(schema, requirements);

  return (text: OperationText, selected: SelectedOperation, principal: Principal, facts: OperationFacts): StageResult<AuthorizedOperation> => {
    if (!config.enabled) return proceed({ document: selected.document, denied: [] });
    const filtered = authorize(text.query, selected.document, text.operationName, principal);
    if (filtered.denied.length === 0) return proceed({ document: selected.document, denied: [] });
    facts.denied = filtered.denied;
    // With the scopes held back for want of a purpose, would these fields have passed?
    if (principal.withheldScopes?.size) {
      facts.deniedWithPurpose = authorize(text.query, selected.document, text.operationName, {
        ...principal,
        scopes: new Set([...principal.scopes, ...principal.withheldScopes]),
      }).denied;
    }
    const unauthorized = unauthorizedErrors(filtered.denied, text.variables);
    if (config.rejectUnauthorized) return answer({ status: 200, body: { data: null, errors: unauthorized } });
    if (config.dryRun) return proceed({ document: selected.document, denied: filtered.denied });
    if (filtered.empty) return answer({ status: 200, body: withDenials({ data: null }, unauthorized, config.errors) });
    return proceed({ document: filtered.document, denied: filtered.denied });
  };
}
