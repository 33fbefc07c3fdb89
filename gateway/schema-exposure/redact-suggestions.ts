import { getNamedType, type GraphQLSchema } from 'graphql';
import type { Principal } from '../../common/principal';
import { requirementSatisfied, type AuthorizationRequirements } from '../authorize/requirements';
import type { GraphQLErrorBody } from '../errors/error-catalogue';

const DID_YOU_MEAN = / Did you mean (to use an inline fragment on |the enum value )?((?:"[^"]*"(?:, | or |, or )?)+)\?$/;

/**
 * graphql-js validation messages suggest names ("Did you mean "idHash"?"). A caller must not learn
 * through them the name of a field or type it may not see: each suggestion is kept only when the
 * caller may see what it names, and a suggestion this function cannot attribute is dropped.
 */
export function createSuggestionRedactor(schema: GraphQLSchema, requirements: AuthorizationRequirements, enabled: boolean) {
  const typeVisible = (principal: Principal, name: string) => requirementSatisfied(requirements.types.get(name), principal);
  const fieldVisible = (principal: Principal, typeName: string, fieldName: string): boolean => {
    const type = schema.getType(typeName);
    const field = type && 'getFields' in type ? type.getFields()[fieldName] : undefined;
    if (!field || !typeVisible(principal, typeName)) return false;
    return requirementSatisfied(requirements.fields.get(`${typeName}.${fieldName}`), principal) && typeVisible(principal, getNamedType(field.type).name);
  };

  /** Which suggestions of one message the caller may see; null: cannot tell, drop them all. */
  const visibleSuggestions = (message: string, kind: string | undefined, names: string[], principal: Principal): string[] | null => {
    const field = /^Cannot query field "[^"]*" on type "([^"]+)"\./.exec(message);
    if (field) return names.filter((name) => (kind ? typeVisible(principal, name) : fieldVisible(principal, field[1] as string, name)));
    if (/^Unknown type "[^"]*"\./.test(message)) return names.filter((name) => typeVisible(principal, name));
    const enumValue = /^Value "[^"]*" does not exist in "([^"]+)" enum\./.exec(message);
    if (enumValue) return typeVisible(principal, enumValue[1] as string) ? names : [];
    // Arguments and input fields carry no requirements of their own.
    if (/^Unknown argument "[^"]*" on (field|directive) /.test(message) || /^Field "[^"]*" is not defined by type "[^"]+"\./.test(message)) return names;
    return null;
  };

  return (errors: readonly GraphQLErrorBody[], principal: Principal): GraphQLErrorBody[] =>
    errors.map((error) => {
      const match = DID_YOU_MEAN.exec(error.message);
      if (!match || !enabled) return error;
      const names = [...(match[2] as string).matchAll(/"([^"]*)"/g)].map((m) => m[1] as string);
      const kept = visibleSuggestions(error.message, match[1]?.startsWith('to use') ? 'type' : undefined, names, principal) ?? [];
      const stem = error.message.slice(0, match.index);
      if (kept.length === names.length) return error;
      if (kept.length === 0) return { ...error, message: stem };
      const quoted = kept.map((name) => `"${name}"`);
      const list = quoted.length === 1 ? quoted[0] : quoted.length === 2 ? `${quoted[0]} or ${quoted[1]}` : `${quoted.slice(0, -1).join(', ')}, or ${quoted[quoted.length - 1]}`;
      return { ...error, message: `${stem} Did you mean ${match[1] ?? ''}${list}?` };
    });
}
