import { Kind, print, type DefinitionNode, type DocumentNode } from 'graphql';

const normalized = new WeakMap<DocumentNode, string>();

/**
 * A document's safelist form, Apollo Router's way: operations, then fragments, each sorted by
 * name, printed (so whitespace, commas and comments do not matter, names and order of fields do).
 */
export function normalizeDocument(document: DocumentNode): string {
  let text = normalized.get(document);
  if (text === undefined) {
    const name = (d: DefinitionNode) => ('name' in d && d.name ? d.name.value : '');
    const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).sort((a, b) => name(a).localeCompare(name(b)));
    const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).sort((a, b) => name(a).localeCompare(name(b)));
    text = print({ kind: Kind.DOCUMENT, definitions: [...operations, ...fragments] });
    normalized.set(document, text);
  }
  return text;
}
