/**
 * Federation `@requiresScopes` as type-graphql `@Directive` text. The outer list is OR, each inner
 * list AND (Apollo Router semantics); the gateway and the subgraph both enforce what is written here.
 *
 * @example
 *   @Directive(requiresScopes(['education:complaint:read']))
 */
export function requiresScopes(...alternatives: readonly (readonly string[])[]): string {
  const lists = alternatives.map((all) => `[${all.map((scope) => JSON.stringify(scope)).join(', ')}]`);
  return `@requiresScopes(scopes: [${lists.join(', ')}])`;
}
