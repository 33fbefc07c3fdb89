import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Principal } from '../../common/principal';
import type { GatewayConfig } from '../config';
import { answer, proceed, type OperationFacts, type OperationText, type SelectedOperation, type StageResult } from '../pipeline/operation';
import { unauthorizedErrors, withDenials } from './denial-errors';
import type { Caller, DeniedField } from './filter-operation';
import { createOperationAuthorizer } from './operation-authorizer';
import type { PolicyEvaluator } from './policy-module';
import type { AuthorizationRequirements } from './requirements';

export interface AuthorizedOperation {
  /** What is planned: the client's document, less every selection the caller may not see. */
  readonly document: DocumentNode;
  readonly denied: readonly DeniedField[];
}

/**
 * Removes what the caller may not see before anything is planned, so no subgraph is ever asked
 * for it. Policies the operation mentions are decided first (by the policy module). Answers the
 * request itself when nothing would remain, or when the configuration refuses any operation with
 * a denied field.
 */
export function createAuthorizeStage(
  schema: GraphQLSchema,
  requirements: AuthorizationRequirements,
  config: GatewayConfig['authorization'],
  policies: PolicyEvaluator | null,
) {
  const authorizer = createOperationAuthorizer(schema, requirements);

  return async (text: OperationText, selected: SelectedOperation, principal: Principal, facts: OperationFacts): Promise<StageResult<AuthorizedOperation>> => {
    if (!config.enabled) return proceed({ document: selected.document, denied: [] });
    const mentionedPolicies = authorizer.mentioned(selected.document).policies;
    // Without a policy module the supergraph has no @policy (the boot refuses it), so nothing is granted.
    const caller: Caller = mentionedPolicies.size > 0 && policies ? { ...principal, policies: await policies(mentionedPolicies, principal) } : principal;
    const authorize = (who: Caller) => authorizer.filter(text.query, selected.document, text.operationName, who);
    const filtered = authorize(caller);
    if (filtered.denied.length === 0) return proceed({ document: selected.document, denied: [] });
    facts.denied = filtered.denied;
    // For the audit's reasons: would these fields have passed with a declared purpose, or with every policy?
    if (principal.withheldScopes?.size) {
      facts.deniedWithPurpose = authorize({ ...caller, scopes: new Set([...principal.scopes, ...principal.withheldScopes]) }).denied;
    }
    if (mentionedPolicies.size > 0) facts.deniedWithPolicies = authorize({ ...caller, policies: mentionedPolicies }).denied;
    const unauthorized = unauthorizedErrors(filtered.denied, text.variables);
    if (config.rejectUnauthorized) return answer({ status: 200, body: { data: null, errors: unauthorized } });
    if (config.dryRun) return proceed({ document: selected.document, denied: filtered.denied });
    if (filtered.empty) return answer({ status: 200, body: withDenials({ data: null }, unauthorized, config.errors) });
    return proceed({ document: filtered.document, denied: filtered.denied });
  };
}
