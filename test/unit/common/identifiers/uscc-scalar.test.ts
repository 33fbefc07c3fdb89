import {
  GraphQLError,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  graphql,
  parseValue as parseValueNode,
} from 'graphql';
import { UsccScalar } from '../../../../common/scalars/uscc.scalar';

const VALID = '911522010783762860';

function captureError(fn: () => unknown): GraphQLError {
  try {
    fn();
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  throw new Error('expected a GraphQLError');
}

describe('UsccScalar.parseLiteral', () => {
  it('accepts a valid string literal', () => {
    expect(UsccScalar.parseLiteral(parseValueNode(`"${VALID}"`))).toBe(VALID);
  });

  it('trims surrounding whitespace, including the full-width space', () => {
    expect(UsccScalar.parseLiteral(parseValueNode(`"  ${VALID}\\u3000"`))).toBe(VALID);
  });

  it('rejects an invalid code with BAD_USER_INPUT and the precise problem', () => {
    const error = captureError(() => UsccScalar.parseLiteral(parseValueNode('"91350203M0001QAY9B"')));
    expect(error.message).toBe("USCC check character at position 18 should be '9', got 'B'");
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'USCC', reason: 'CHECK_CHARACTER' });
    expect(error.nodes?.[0]?.kind).toBe('StringValue');
  });

  it('never upper-cases: lower-case input is a CHARSET problem', () => {
    const error = captureError(() => UsccScalar.parseLiteral(parseValueNode('"91110000600037341l"')));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CHARSET' });
    expect(error.message).toBe("USCC character at position 18 is lower-case 'l', but only upper-case letters are allowed");
  });

  it.each(['911522010783762860', '12.5', 'true', 'null', 'USCC', '["911522010783762860"]'])(
    'rejects the non-string literal %s',
    (literal) => {
      const error = captureError(() => UsccScalar.parseLiteral(parseValueNode(literal)));
      expect(error.message).toBe('USCC must be a string');
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'USCC' });
    },
  );
});

describe('UsccScalar.parseValue', () => {
  it('accepts and trims a valid string', () => {
    expect(UsccScalar.parseValue(VALID)).toBe(VALID);
    expect(UsccScalar.parseValue(`\t${VALID}\n`)).toBe(VALID);
  });

  it('rejects invalid strings', () => {
    const error = captureError(() => UsccScalar.parseValue('110108000000016'));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'USCC', reason: 'LENGTH' });
    expect(error.message).toMatch(/^USCC must be 18 characters, got 15/);
    expect(captureError(() => UsccScalar.parseValue('000000000000000000')).extensions['reason']).toBe('AUTHORITY');
  });

  it.each([911522010783762860, null, undefined, {}, ['911522010783762860']])('rejects the non-string %p', (input) => {
    expect(captureError(() => UsccScalar.parseValue(input)).message).toBe('USCC must be a string');
  });
});

describe('UsccScalar.serialize', () => {
  it('passes valid codes through unchanged', () => {
    expect(UsccScalar.serialize(VALID)).toBe(VALID);
  });

  it('refuses invalid stored values instead of fixing them', () => {
    expect(() => UsccScalar.serialize('91350203M0001QAY9B')).toThrow(
      "Cannot serialize an invalid USCC: USCC check character at position 18 should be '9', got 'B'",
    );
    expect(() => UsccScalar.serialize(` ${VALID}`)).toThrow(GraphQLError);
    expect(() => UsccScalar.serialize(42)).toThrow('USCC must be a string');
  });
});

describe('UsccScalar in an executed schema', () => {
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        echo: {
          type: UsccScalar,
          args: { uscc: { type: new GraphQLNonNull(UsccScalar) } },
          resolve: (_source, args: { uscc: string }) => args.uscc,
        },
        stored: { type: UsccScalar, resolve: () => '91350203M0001QAY9B' },
        ping: { type: GraphQLString, resolve: () => 'pong' },
      },
    }),
  });

  it('round-trips a valid literal', async () => {
    const result = await graphql({ schema, source: `{ echo(uscc: " ${VALID} ") }` });
    expect(result).toEqual({ data: { echo: VALID } });
  });

  it('keeps the reason on a literal validation error', async () => {
    const result = await graphql({ schema, source: '{ echo(uscc: "91350203M0001QAY9B") }' });
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'USCC', reason: 'CHECK_CHARACTER' });
  });

  it('keeps the reason on a variable coercion error', async () => {
    const result = await graphql({
      schema,
      source: 'query ($u: USCC!) { echo(uscc: $u) }',
      variableValues: { u: '91110000600037341l' },
    });
    const error = result.errors?.[0];
    expect(error?.message).toMatch(/lower-case 'l'/);
    expect(error?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'USCC', reason: 'CHARSET' });
  });

  it('turns an invalid stored value into a field error', async () => {
    const result = await graphql({ schema, source: '{ stored ping }' });
    expect(result.data).toEqual({ stored: null, ping: 'pong' });
    expect(result.errors?.[0]?.extensions).toEqual({ field: 'USCC', reason: 'CHECK_CHARACTER' });
  });
});
