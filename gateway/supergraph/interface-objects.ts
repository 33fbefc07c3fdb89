import { Kind, parse, type ConstDirectiveNode } from 'graphql';

function argument(directive: ConstDirectiveNode, name: string): string | boolean | null {
  const value = directive.arguments?.find((a) => a.name.value === name)?.value;
  if (value?.kind === Kind.STRING) return value.value;
  if (value?.kind === Kind.ENUM) return value.value;
  if (value?.kind === Kind.BOOLEAN) return value.value;
  return null;
}

/**
 * Subgraph name → the interfaces it declares as `@interfaceObject` (from `@join__type(graph: G,
 * isInterfaceObject: true)` on the supergraph's interfaces, graphs named through `@join__graph`).
 */
export function interfaceObjectsBySubgraph(supergraphSdl: string): ReadonlyMap<string, ReadonlySet<string>> {
  const document = parse(supergraphSdl);
  const graphNames = new Map<string, string>();
  const result = new Map<string, Set<string>>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const graph = value.directives?.find((d) => d.name.value === 'join__graph');
        const name = graph ? argument(graph, 'name') : null;
        if (typeof name === 'string') graphNames.set(value.name.value, name);
      }
    }
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== 'join__type' || argument(directive, 'isInterfaceObject') !== true) continue;
      const subgraph = graphNames.get(String(argument(directive, 'graph')));
      if (!subgraph) continue;
      const set = result.get(subgraph) ?? new Set<string>();
      set.add(definition.name.value);
      result.set(subgraph, set);
    }
  }
  return result;
}
