import type { Principal } from '../common/principal';
import type { Policies } from './load-policies';

/**
 * Conditional sharing (the sharing rules' 有条件共享): a scope of the CONDITIONAL class counts only
 * when the request states a purpose its consumer declared in policies/consumers.json. Otherwise the
 * scope is held back, so the fields it guards are refused like any unauthorized field, and the
 * audit can say the reason was the purpose, not the grant.
 */
export function applyPurposeRule(principal: Principal, policies: Policies): Principal {
  if (!principal.authenticated) return principal;
  const conditional = [...principal.scopes].filter((scope) => policies.scopes.get(scope)?.sharingClass === 'CONDITIONAL');
  if (conditional.length === 0) return principal;
  const declared = principal.consumer ? policies.consumers.get(principal.consumer)?.purposes ?? [] : [];
  if (principal.purpose && declared.includes(principal.purpose)) return principal;
  const withheld = new Set(conditional);
  return Object.freeze({
    ...principal,
    scopes: new Set([...principal.scopes].filter((scope) => !withheld.has(scope))),
    withheldScopes: withheld,
    purposeProblem: principal.purpose ? 'UNDECLARED_PURPOSE' : 'MISSING_PURPOSE',
  });
}
