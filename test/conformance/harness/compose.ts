import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import type { SubgraphDefinition } from './scenario';

/** Composes the feature's subgraphs, at the URLs they listen on, into a supergraph SDL. */
export function composeSupergraph(subgraphs: readonly SubgraphDefinition[], urls: ReadonlyMap<string, string>): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: urls.get(s.name), typeDefs: parse(s.typeDefs) })));
  if (result.errors) throw new Error(`composition failed:\n${result.errors.map((e) => e.message).join('\n')}`);
  return result.supergraphSdl;
}
