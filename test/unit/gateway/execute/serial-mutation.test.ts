import { buildSchema, parse, print, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { executeMutationSerially } from '../../../../gateway/execute/serial-mutation';

const schema = buildSchema(`
  type Query { x: Int }
  type Mutation { a(n: Int!): Int! b: Int c(s: String): String! }
`);

function select(document: DocumentNode) {
  return { document, operation: document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')! };
}

describe('serial mutation execution', () => {
  it('runs one single-field document per root key, in order, with only the fragments and variables it uses', async () => {
    const document = parse('mutation M($n: Int!, $s: String, $skip: Boolean!) { first: a(n: $n) ...F b @skip(if: $skip) c(s: $s) }  fragment F on Mutation { second: a(n: 2) }');
    const sent: string[] = [];
    const { result, fields } = await executeMutationSerially(schema, select(document), document, { n: 1, s: 'x', skip: true }, async (single) => {
      sent.push(print(single).replace(/\s+/g, ' '));
      const key = (single.definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as { alias?: { value: string }; name: { value: string } };
      return { data: { [key.alias?.value ?? key.name.value]: key.name.value === 'c' ? 'ok' : 1 } };
    });
    expect(sent).toEqual(['mutation M($n: Int!) { first: a(n: $n) }', 'mutation M { second: a(n: 2) }', 'mutation M($s: String) { c(s: $s) }']);
    expect(result).toEqual({ data: { first: 1, second: 1, c: 'ok' } });
    expect(fields.map((f) => [f.responseKey, f.outcome])).toEqual([['first', 'SUCCEEDED'], ['second', 'SUCCEEDED'], ['c', 'SUCCEEDED']]);
  });

  it('hands the executor the same document objects each time, so plans cached per document are reused', async () => {
    const document = parse('mutation { a(n: 1) b }');
    const seen: DocumentNode[][] = [[], []];
    for (const round of [0, 1]) {
      await executeMutationSerially(schema, select(document), document, {}, async (single) => {
        seen[round]!.push(single);
        return { data: { a: 1, b: 2 } };
      });
    }
    expect(seen[1]).toHaveLength(2);
    seen[1]!.forEach((d, i) => expect(d).toBe(seen[0]![i]));
  });

  it('stops at a non-null field that failed: data null, later fields not executed', async () => {
    const document = parse('mutation { b a(n: 1) c }');
    const runs: string[] = [];
    const { result, fields } = await executeMutationSerially(schema, select(document), document, {}, async (single) => {
      runs.push(print(single));
      return runs.length === 1 ? { data: { b: null }, errors: [] } : { data: null, errors: [] };
    });
    expect(runs).toHaveLength(2);
    expect(result.data).toBeNull();
    expect(fields.map((f) => f.outcome)).toEqual(['SUCCEEDED', 'FAILED', 'NOT_EXECUTED']);
  });

  it('refuses variables that do not fit, before running anything', async () => {
    const document = parse('mutation($n: Int!) { a(n: $n) }');
    const { result, fields } = await executeMutationSerially(schema, select(document), document, { n: 'one' }, () => {
      throw new Error('must not run');
    });
    expect(result.errors?.[0]?.message).toContain('Variable "$n" got invalid value "one"');
    expect(fields).toEqual([]);
  });
});
