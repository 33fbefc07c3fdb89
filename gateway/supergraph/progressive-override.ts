/**
 * Progressive `@override` (`label: "percent(N)"`, Federation 2.7). @apollo/gateway plans with every
 * label off, so a field stays with the subgraph it is moving away from whatever its percentage:
 * `percent(100)` never moves. The two labels whose decision does not depend on the request are
 * settled here, in the supergraph the library loads: `percent(100)` becomes a plain override,
 * `percent(0)` no override. Other percentages and custom labels stay as the library treats them
 * (with the old subgraph); deciding them per request would need a plan per decision.
 */
import { Kind, parse, print, visit, type ConstDirectiveNode, type FieldDefinitionNode } from 'graphql';

const JOIN_FIELD = 'join__field';

function stringArgument(directive: ConstDirectiveNode, name: string): string | null {
  const value = directive.arguments?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : null;
}

function withoutArgument(directive: ConstDirectiveNode, name: string): ConstDirectiveNode {
  return { ...directive, arguments: directive.arguments?.filter((a) => a.name.value !== name) };
}

/** The decision a label fixes for every request, or null when it depends on the request. */
export function settledLabel(label: string): boolean | null {
  const match = /^percent\((\d+(?:\.\d+)?)\)$/.exec(label);
  if (!match) return null;
  const percent = Number(match[1]);
  return percent >= 100 ? true : percent <= 0 ? false : null;
}

export function settleProgressiveOverrides(supergraphSdl: string): string {
  if (!supergraphSdl.includes('overrideLabel')) return supergraphSdl;
  let changed = false;
  const document = visit(parse(supergraphSdl), {
    FieldDefinition(node: FieldDefinitionNode): FieldDefinitionNode | undefined {
      const directives = node.directives ?? [];
      const labels = new Set(directives.filter((d) => d.name.value === JOIN_FIELD).map((d) => stringArgument(d, 'overrideLabel')).filter((l): l is string => l !== null));
      let kept: ConstDirectiveNode[] = [...directives];
      for (const label of labels) {
        const on = settledLabel(label);
        if (on === null) continue;
        changed = true;
        kept = kept.flatMap((directive) => {
          if (directive.name.value !== JOIN_FIELD || stringArgument(directive, 'overrideLabel') !== label) return [directive];
          const overriding = stringArgument(directive, 'override') !== null;
          // On: the overriding side keeps a plain override, the overridden side goes. Off: the reverse.
          if (overriding !== on) return [];
          return [withoutArgument(on ? directive : withoutArgument(directive, 'override'), 'overrideLabel')];
        });
      }
      return kept.length === directives.length && kept.every((d, i) => d === directives[i]) ? undefined : { ...node, directives: kept };
    },
  });
  return changed ? print(document) : supergraphSdl;
}
