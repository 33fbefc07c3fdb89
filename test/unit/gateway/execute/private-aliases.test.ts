import { buildSchema, GraphQLError, parse, print } from 'graphql';
import { createAliasRewriter } from '../../../../gateway/execute/private-aliases';

const schema = buildSchema(`
  type Query { products: [Product!]! node: Node }
  interface Node { id: ID! }
  type Product implements Node { id: ID! name: String! weight(unit: String): Float! }
`);

describe('private aliases for the keys the planner uses itself', () => {
  const rewrite = createAliasRewriter(schema, new Set(['Product.weight']));

  it('aliases a field some @requires needs with arguments, and an alias shadowing another field', () => {
    const document = parse('{ products { weight(unit: "KG") id: name } node { ... on Product { weight } } }');
    const { document: planned } = rewrite(document);
    expect(print(planned)).toBe(print(parse('{ products { _clientKey0: weight(unit: "KG") _clientKey1: name } node { ... on Product { _clientKey2: weight } } }')));
  });

  it('leaves a document with neither untouched', () => {
    const document = parse('{ products { id name } }');
    const result = rewrite(document);
    expect(result.document).toBe(document);
    const data = { products: [] };
    expect(result.restore({ data }).data).toBe(data);
  });

  it('puts the client keys back in data (in place, key order kept) and in error paths', () => {
    const { restore } = rewrite(parse('{ products { a: weight _clientKey0: name id: name } }'));
    // _clientKey0 is the client's own alias, so the private ones skip it.
    const restored = restore({
      data: { products: [{ _clientKey1: 1.5, _clientKey0: 'Desk', _clientKey2: 'Desk' }] },
      errors: [new GraphQLError('boom', { path: ['products', 0, '_clientKey1'], extensions: { code: 'X' } })],
      extensions: { valueCompletion: [new GraphQLError('null', { path: ['products', 0, '_clientKey2'] })] },
    });
    expect(JSON.stringify(restored.data)).toBe('{"products":[{"a":1.5,"_clientKey0":"Desk","id":"Desk"}]}');
    expect(restored.errors![0]!.path).toEqual(['products', 0, 'a']);
    expect(restored.errors![0]!.extensions).toEqual({ code: 'X' });
    expect((restored.extensions!.valueCompletion as GraphQLError[])[0]!.path).toEqual(['products', 0, 'id']);
  });
});
