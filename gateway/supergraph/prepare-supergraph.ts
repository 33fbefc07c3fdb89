import { checkPolicyCoverage, type PolicyModule } from '../authorize/policy-module';
import { AuthorizationSchemaError, extractRequirements, type AuthorizationRequirements } from '../authorize/requirements';
import { extractCostDirectives, type CostDirectives } from '../cost/cost-directives';
import { settleProgressiveOverrides } from './progressive-override';

export interface PreparedSupergraph {
  /**
   * The supergraph as @apollo/gateway may load it: our security features extracted and removed,
   * progressive overrides at percent(0) and percent(100) settled.
   */
  readonly executableSdl: string;
  /** What the gateway enforces, read from `@authenticated` / `@requiresScopes` / `@policy`. */
  readonly requirements: AuthorizationRequirements;
  /** `@cost` / `@listSize` annotations, for demand control. */
  readonly costs: CostDirectives;
}

/**
 * `@apollo/gateway` refuses `for: SECURITY` features it cannot enforce, rightly. The gateway reads
 * its own (authenticated, requiresScopes, policy) out first and enforces them itself, leaves those
 * the library enforces (inaccessible) in place, and throws — stopping the boot — on any other
 * security or execution feature, and on `@policy` when no policy module is there to decide it.
 */
export function prepareSupergraph(supergraphSdl: string, policyModule: PolicyModule | null = null): PreparedSupergraph {
  const { requirements, executableSdl, linkedSpecs } = extractRequirements(supergraphSdl);
  if (linkedSpecs.has('policy')) {
    if (!policyModule) {
      throw new AuthorizationSchemaError(
        'The supergraph links https://specs.apollo.dev/policy/v0.1, whose @policy decisions need a policy module (AUTHZ_POLICY_MODULE); refusing to serve it',
      );
    }
    checkPolicyCoverage(policyModule, requirements.policies);
  }
  return { requirements, executableSdl: settleProgressiveOverrides(executableSdl), costs: extractCostDirectives(supergraphSdl) };
}
