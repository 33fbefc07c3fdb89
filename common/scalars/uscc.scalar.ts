import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { checkUscc, type UsccProblem } from '../identifiers/uscc';

function badInput(message: string, reason: UsccProblem['code'] | undefined, node: ValueNode | undefined): GraphQLError {
  return new GraphQLError(message, {
    nodes: node,
    extensions: reason === undefined
      ? { code: 'BAD_USER_INPUT', field: 'USCC' }
      : { code: 'BAD_USER_INPUT', field: 'USCC', reason },
  });
}

/**
 * The one normalisation applied to input: surrounding whitespace (including
 * the full-width U+3000 common in Chinese forms) is trimmed. Letters are never
 * upper-cased, because a lower-case code is evidence of a transcription error
 * that should be reported, not hidden.
 */
export function parseUsccInput(input: unknown, node?: ValueNode): string {
  if (typeof input !== 'string') throw badInput('USCC must be a string', undefined, node);
  const value = input.trim();
  const problem = checkUscc(value);
  if (problem !== null) throw badInput(problem.message, problem.code, node);
  return value;
}

export const UsccScalar = new GraphQLScalarType<string, string>({
  name: 'USCC',
  description:
    'Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18 characters from 0-9 and A-Z without I, O, S, V, Z; ' +
    'position 1-2 registration authority and organisation category, 3-8 administrative division, ' +
    '9-17 organisation code with its GB 11714 check, 18 mod-31 check character. ' +
    'Input is trimmed of surrounding whitespace; lower-case letters are rejected, never upper-cased.',
  serialize(output: unknown): string {
    // Stored data is not trusted either: an invalid key must surface as an error, not leak out.
    if (typeof output !== 'string') throw new GraphQLError('USCC must be a string');
    const problem = checkUscc(output);
    if (problem !== null) {
      throw new GraphQLError(`Cannot serialize an invalid USCC: ${problem.message}`, {
        extensions: { field: 'USCC', reason: problem.code },
      });
    }
    return output;
  },
  parseValue(input: unknown): string {
    return parseUsccInput(input);
  },
  parseLiteral(node: ValueNode): string {
    if (node.kind !== Kind.STRING) throw badInput('USCC must be a string', undefined, node);
    return parseUsccInput(node.value, node);
  },
});
