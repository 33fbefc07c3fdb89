/**
 * The `@policy` hook. A policy module maps each policy name the supergraph uses to a decision over
 * the verified caller; the gateway asks it only about the policies an operation mentions, and a
 * field whose policies are not granted is removed exactly like one whose scopes are missing.
 *
 * Deny by default: a policy the module does not define, a decision that is not literally `true`,
 * one that throws or rejects, and one that takes longer than `POLICY_DECISION_TIMEOUT_MS` all deny.
 *
 * A module file (AUTHZ_POLICY_MODULE) is CommonJS or compiled ESM with a default export:
 *
 *   module.exports = {
 *     policies: {
 *       'institution:own-region': (principal) => principal.scopes.has('edu:region:read'),
 *       'supervision:officer': async (principal) => principal.consumer === 'moe-supervision-platform',
 *     },
 *   };
 */
import { resolve } from 'node:path';
import type { Principal } from '../../common/principal';

export type PolicyDecision = (principal: Principal) => boolean | Promise<boolean>;

export interface PolicyModule {
  readonly policies: Readonly<Record<string, PolicyDecision>>;
}

export const POLICY_DECISION_TIMEOUT_MS = 2000;

export class PolicyModuleError extends Error {
  readonly code = 'ERR_POLICY_MODULE';
  constructor(message: string) {
    super(message);
    this.name = 'PolicyModuleError';
  }
}

/** Checks the shape of a module's exports; throws naming the file and what is wrong. */
export function asPolicyModule(exported: unknown, source: string): PolicyModule {
  const candidate = (exported as { default?: unknown } | null)?.default ?? exported;
  const policies = (candidate as { policies?: unknown } | null)?.policies;
  if (typeof policies !== 'object' || policies === null || Array.isArray(policies)) {
    throw new PolicyModuleError(`${source} must export { policies: { "<policy name>": (principal) => boolean } }`);
  }
  for (const [name, decision] of Object.entries(policies)) {
    if (typeof decision !== 'function') throw new PolicyModuleError(`${source}: policy "${name}" is not a function`);
  }
  return Object.freeze({ policies: Object.freeze({ ...(policies as Record<string, PolicyDecision>) }) });
}

/** Loads the module file named by AUTHZ_POLICY_MODULE, at boot. */
export function loadPolicyModule(path: string): PolicyModule {
  const file = resolve(path);
  let exported: unknown;
  try {
    exported = require(file);
  } catch (error) {
    throw new PolicyModuleError(`the policy module ${file} cannot be loaded: ${(error as Error).message}`);
  }
  return asPolicyModule(exported, file);
}

export type PolicyEvaluator = (mentioned: ReadonlySet<string>, principal: Principal) => Promise<ReadonlySet<string>>;

const NONE: ReadonlySet<string> = new Set();

/**
 * The policies (of those mentioned) that this caller is granted. `onFailure` hears about a decision
 * that threw, rejected or timed out: the operator's business, never the client's.
 */
export function createPolicyEvaluator(
  module: PolicyModule,
  onFailure: (policy: string, error: unknown) => void,
  timeoutMs = POLICY_DECISION_TIMEOUT_MS,
): PolicyEvaluator {
  const decide = async (name: string, principal: Principal): Promise<boolean> => {
    const decision = Object.hasOwn(module.policies, name) ? module.policies[name] : undefined;
    if (!decision) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no decision within ${timeoutMs} ms`)), timeoutMs);
      });
      return (await Promise.race([Promise.resolve().then(() => decision(principal)), timeout])) === true;
    } catch (error) {
      onFailure(name, error);
      return false;
    } finally {
      clearTimeout(timer);
    }
  };
  return async (mentioned, principal) => {
    if (mentioned.size === 0) return NONE;
    const names = [...mentioned];
    const verdicts = await Promise.all(names.map((name) => decide(name, principal)));
    return new Set(names.filter((_, i) => verdicts[i]));
  };
}

/** Boot check: every policy the supergraph uses has a decision (a typo would otherwise deny forever). */
export function checkPolicyCoverage(module: PolicyModule, used: ReadonlySet<string>): void {
  const missing = [...used].filter((name) => !Object.hasOwn(module.policies, name)).sort();
  if (missing.length > 0) {
    throw new PolicyModuleError(`the policy module defines no decision for ${missing.map((m) => `"${m}"`).join(', ')}, which the supergraph uses in @policy`);
  }
}
