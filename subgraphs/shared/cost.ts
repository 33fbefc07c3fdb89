/**
 * IBM cost-spec directives (`@cost`, `@listSize`, https://ibm.github.io/graphql-specs/cost-spec.html)
 * as type-graphql `@Directive` text. The gateway reads them from the supergraph to estimate an
 * operation's cost before planning it, Apollo Router's way: an object costs 1, a scalar 0, a list
 * multiplies what it holds by its size, which is its `first` argument where it has one.
 *
 * @example
 *   @Directive(SLICED_BY_FIRST)
 */

/** A list cut to its `first` argument (the argument's default when the query does not set it). */
export const SLICED_BY_FIRST = '@listSize(slicingArguments: ["first"], requireOneSlicingArgument: false)';

/** A connection whose `edges` hold at most `first` items. */
export const CONNECTION_SLICED_BY_FIRST = '@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)';

/** What a field costs on its own, on top of what it returns: for resolvers that do more than one lookup. */
export function cost(weight: number): string {
  return `@cost(weight: ${weight})`;
}
