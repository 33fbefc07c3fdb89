import type { Principal } from '../../../common/principal';
import { loadPolicies } from '../../../policies/load-policies';
import { applyPurposeRule } from '../../../policies/purpose-rule';

describe('the purpose rule for conditional sharing', () => {
  const policies = loadPolicies();
  const moe = (purpose: string | null, consumer: string | null = 'moe-supervision-platform'): Principal => ({
    authenticated: true,
    subject: 'officer',
    consumer,
    purpose,
    expiresAt: null,
    scopes: new Set(['education:complaint:read', 'education:notification:read', 'finance:custody:read']),
  });

  it('keeps every granted scope under a purpose the consumer declared', () => {
    const principal = applyPurposeRule(moe('COMPLAINT_HANDLING'), policies);
    expect([...principal.scopes].sort()).toEqual(['education:complaint:read', 'education:notification:read', 'finance:custody:read']);
    expect(principal.withheldScopes).toBeUndefined();
  });

  it.each([
    ['no purpose', null, 'MISSING_PURPOSE'],
    ['a purpose another consumer declared', 'IP_PROTECTION', 'UNDECLARED_PURPOSE'],
    ['an unknown purpose', 'CURIOSITY', 'UNDECLARED_PURPOSE'],
  ])('holds back the CONDITIONAL scopes under %s, and keeps the UNCONDITIONAL ones', (_name, purpose, problem) => {
    const principal = applyPurposeRule(moe(purpose), policies);
    expect([...principal.scopes]).toEqual(['education:notification:read']);
    expect([...principal.withheldScopes!].sort()).toEqual(['education:complaint:read', 'finance:custody:read']);
    expect(principal.purposeProblem).toBe(problem);
  });

  it('gives a consumer missing from policies/ no conditional access whatever purpose it states', () => {
    expect([...applyPurposeRule(moe('COMPLAINT_HANDLING', 'unknown-system'), policies).scopes]).toEqual(['education:notification:read']);
    expect([...applyPurposeRule(moe('COMPLAINT_HANDLING', null), policies).scopes]).toEqual(['education:notification:read']);
  });
});
