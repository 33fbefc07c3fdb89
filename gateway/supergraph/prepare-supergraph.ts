import { extractRequirements, type AuthorizationRequirements } from '../authorize/requirements';
import { extractCostDirectives, type CostDirectives } from '../cost/cost-directives';

export interface PreparedSupergraph {
  /** The supergraph as @apollo/gateway may load it: security features extracted and removed. */
  readonly executableSdl: string;
  /** What the gateway enforces, read from `@authenticated` / `@requiresScopes` / `@policy`. */
  readonly requirements: AuthorizationRequirements;
  /** `@cost` / `@listSize` annotations, for demand control. */
  readonly costs: CostDirectives;
}

/**
 * `@apollo/gateway` refuses `for: SECURITY` features, rightly: it cannot enforce them. The gateway
 * reads them out first and enforces them itself; extraction throws (and the boot stops) on any
 * security feature it does not understand.
 */
export function prepareSupergraph(supergraphSdl: string): PreparedSupergraph {
  const { requirements, executableSdl } = extractRequirements(supergraphSdl);
  return { requirements, executableSdl, costs: extractCostDirectives(supergraphSdl) };
}
