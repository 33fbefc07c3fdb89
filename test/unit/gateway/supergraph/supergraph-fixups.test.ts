import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { interfaceObjectsBySubgraph } from '../../../../gateway/supergraph/interface-objects';
import { settledLabel, settleProgressiveOverrides } from '../../../../gateway/supergraph/progressive-override';

function compose(subgraphs: { name: string; typeDefs: string }[]): string {
  const result = composeServices(subgraphs.map((s) => ({ ...s, url: `http://${s.name}.invalid`, typeDefs: parse(s.typeDefs) })));
  if (result.errors) throw result.errors[0];
  return result.supergraphSdl;
}

describe('progressive overrides', () => {
  it('settles only the labels that do not depend on the request', () => {
    expect([settledLabel('percent(100)'), settledLabel('percent(0)'), settledLabel('percent(50)'), settledLabel('beta')]).toEqual([true, false, null, null]);
  });

  it('turns percent(100) into a plain override and percent(0) into none, leaving other labels alone', () => {
    const sdl = compose([
      { name: 'old', typeDefs: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"]) type Query { t: T } type T @key(fields: "id") { id: ID! a: Int b: Int c: Int }' },
      {
        name: 'new',
        typeDefs:
          'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@override"]) type T @key(fields: "id") { id: ID! a: Int @override(from: "old", label: "percent(100)") b: Int @override(from: "old", label: "percent(0)") c: Int @override(from: "old", label: "percent(50)") }',
      },
    ]);
    const settled = settleProgressiveOverrides(sdl);
    expect(settled).toMatch(/a: Int @join__field\(graph: NEW, override: "old"\)\n/);
    expect(settled).toMatch(/b: Int @join__field\(graph: OLD\)\n/);
    expect(/c: Int (.*)\n/.exec(settled)![1]!.match(/overrideLabel: "percent\(50\)"/g)).toHaveLength(2);
    expect(settleProgressiveOverrides(settled.replace(/percent\(50\)/g, 'beta'))).toContain('overrideLabel: "beta"');
  });
});

describe('interface objects', () => {
  it('are read per subgraph from @join__type(isInterfaceObject: true)', () => {
    const sdl = compose([
      { name: 'accounts', typeDefs: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"]) type Query { a: Account } interface Account @key(fields: "id") { id: ID! } type P implements Account @key(fields: "id") { id: ID! }' },
      { name: 'ratings', typeDefs: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@interfaceObject"]) type Account @key(fields: "id") @interfaceObject { id: ID! r: Int }' },
    ]);
    expect([...interfaceObjectsBySubgraph(sdl)].map(([name, types]) => [name, [...types]])).toEqual([['ratings', ['Account']]]);
  });
});
