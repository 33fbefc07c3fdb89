import type { Principal } from '../../common/principal';
import type { CallerLimits } from '../../policies/caller-limits';
import type { Consumer } from '../../policies/load-policies';

/**
 * The limits one caller gets: the configured defaults, overridden key by key by its consumer's
 * `limits` in policies/consumers.json. Anonymous callers, and tokens naming no listed consumer,
 * get the defaults.
 */
export function createCallerLimits(defaults: CallerLimits, consumers: ReadonlyMap<string, Consumer>): (principal: Principal) => CallerLimits {
  const byConsumer = new Map<string, CallerLimits>();
  for (const [id, consumer] of consumers) byConsumer.set(id, Object.freeze({ ...defaults, ...consumer.limits }));
  return (principal) => (principal.authenticated && principal.consumer ? byConsumer.get(principal.consumer) ?? defaults : defaults);
}
