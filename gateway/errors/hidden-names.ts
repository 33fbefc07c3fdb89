/**
 * Names the API schema hides (`@inaccessible` types, fields, input fields, arguments' types and
 * enum values) must not reach a client, not even inside a subgraph's error message: the planner
 * asks subgraphs for hidden fields (keys, @requires), and a subgraph that fails on one names it.
 * @apollo/gateway passes such messages on; the gateway replaces them.
 */
import { Kind, parse, type DefinitionNode, type GraphQLSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import type { GraphQLErrorBody } from './error-catalogue';

/** Type names and `Type.member` coordinates in the supergraph that the API schema does not have. */
export function hiddenElementNames(supergraphSdl: string, apiSchema: GraphQLSchema): string[] {
  const hidden = new Set<string>();
  for (const definition of parse(supergraphSdl).definitions) {
    const name = definitionName(definition);
    // Feature machinery (join__Graph, link__Purpose...) is not part of anyone's schema.
    if (name === null || name.includes('__')) continue;
    const apiType = apiSchema.getType(name);
    if (!apiType) {
      hidden.add(name);
      continue;
    }
    const members = memberNames(definition);
    const apiMembers = new Set<string>(
      isObjectType(apiType) || isInterfaceType(apiType) || isInputObjectType(apiType)
        ? Object.keys(apiType.getFields())
        : isEnumType(apiType)
          ? apiType.getValues().map((v) => v.name)
          : [],
    );
    for (const member of members) if (!apiMembers.has(member)) hidden.add(`${name}.${member}`);
  }
  return [...hidden].sort();
}

function definitionName(definition: DefinitionNode): string | null {
  switch (definition.kind) {
    case Kind.OBJECT_TYPE_DEFINITION:
    case Kind.OBJECT_TYPE_EXTENSION:
    case Kind.INTERFACE_TYPE_DEFINITION:
    case Kind.INTERFACE_TYPE_EXTENSION:
    case Kind.INPUT_OBJECT_TYPE_DEFINITION:
    case Kind.INPUT_OBJECT_TYPE_EXTENSION:
    case Kind.ENUM_TYPE_DEFINITION:
    case Kind.ENUM_TYPE_EXTENSION:
    case Kind.UNION_TYPE_DEFINITION:
    case Kind.UNION_TYPE_EXTENSION:
    case Kind.SCALAR_TYPE_DEFINITION:
    case Kind.SCALAR_TYPE_EXTENSION:
      return definition.name.value;
    default:
      return null;
  }
}

function memberNames(definition: DefinitionNode): string[] {
  if ('fields' in definition && definition.fields) return definition.fields.map((f) => f.name.value);
  if ('values' in definition && definition.values) return definition.values.map((v) => v.name.value);
  return [];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces the message of a subgraph error that names a hidden element (a hidden type's name, or
 * `Type.member`; an enum value also as `"VALUE"`). Path, code and serviceName are kept.
 */
export function createHiddenNameScrubber(names: readonly string[]): (error: GraphQLErrorBody) => GraphQLErrorBody {
  if (names.length === 0) return (error) => error;
  const words = names.flatMap((name) => {
    const member = name.split('.')[1];
    return member && /^[A-Z][A-Z0-9_]*$/.test(member) ? [name, `"${member}"`] : [name];
  });
  const pattern = new RegExp(`(?<![A-Za-z0-9_])(?:${words.map(escapeRegExp).join('|')})(?![A-Za-z0-9_])`);
  return (error) => {
    if (typeof error.extensions.serviceName !== 'string' || !pattern.test(error.message)) return error;
    return { ...error, message: `Subgraph "${error.extensions.serviceName}" reported an error about an element this API does not expose` };
  };
}
