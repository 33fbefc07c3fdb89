/**
 * The whole pipeline against a real @apollo/gateway with in-process subgraphs: extract → filter →
 * plan and execute the filtered document → reshape. Proves that the filtered documents (injected
 * `__typename` alias, dropped variable definitions) plan and run, and that no subgraph is asked
 * for a removed field.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloGateway, LocalGraphQLDataSource } from '@apollo/gateway';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, print, type DocumentNode } from 'graphql';

import { filterOperation, type Caller } from '../../../../gateway/authorize/filter-operation';
import { extractRequirements } from '../../../../gateway/authorize/requirements';
import { unauthorizedErrors } from '../../../../gateway/authorize/denial-errors';
import { applyDenials } from '../../../../gateway/shape/apply-denials';
import { ANONYMOUS, FINANCE, REGISTRY, SUPERGRAPH, caller } from './fixture';

const institutions: Record<string, { id: string; name: string; licence: string; taxNumber: string }> = {
  i1: { id: 'i1', name: 'Open University', licence: 'L-1', taxNumber: 'T-1' },
  i2: { id: 'i2', name: 'Night School', licence: 'L-2', taxNumber: 'T-2' },
};
const inspectors = { s1: { id: 's1', name: 'Wang', phone: '123', label: 'W' } };
const programmes = { p1: { id: 'p1', title: 'Law', fee: 100, accreditationCode: 'A-1' } };
const subgraphDocuments: string[] = [];

const registry = buildSubgraphSchema({
  typeDefs: parse(REGISTRY),
  resolvers: {
    Query: {
      institutions: () => Object.values(institutions),
      institution: (_: unknown, { id }: { id: string }) => institutions[id] ?? null,
      search: () => [institutions.i1, { __typename: 'Inspector', ...inspectors.s1 }, { __typename: 'Programme', ...programmes.p1 }],
      stats: () => ({ institutions: 2, flagged: 1 }),
      me: () => ({ sub: 'user-1' }),
    },
    SearchResult: {
      __resolveType: (value: { __typename?: string }) => value.__typename ?? 'Institution',
    },
    Institution: { __resolveReference: ({ id }: { id: string }) => institutions[id] },
    Programme: { __resolveReference: ({ id }: { id: keyof typeof programmes }) => programmes[id] },
  } as never,
});
const finance = buildSubgraphSchema({
  typeDefs: parse(FINANCE),
  resolvers: {
    Institution: {
      __resolveReference: ({ id }: { id: string }) => ({ id }),
      finances: () => ({ revenue: 1000, auditor: null }),
      programmes: () => [programmes.p1],
    },
    Programme: { __resolveReference: ({ id }: { id: keyof typeof programmes }) => programmes[id] },
  } as never,
});

class RecordingDataSource extends LocalGraphQLDataSource {
  override process(options: Parameters<LocalGraphQLDataSource['process']>[0]): ReturnType<LocalGraphQLDataSource['process']> {
    subgraphDocuments.push(options.request.query ?? '');
    return super.process(options);
  }
}

const { requirements, executableSdl } = extractRequirements(SUPERGRAPH);
const gateway = new ApolloGateway({
  supergraphSdl: executableSdl,
  buildService: ({ name }) => new RecordingDataSource(name === 'registry' ? registry : finance),
});
const server = new ApolloServer({ gateway });
let apiSchema: Parameters<typeof filterOperation>[0];

beforeAll(async () => {
  await server.start();
  apiSchema = gateway.schema!;
});
afterAll(async () => {
  await server.stop();
});

async function execute(query: string, who: Caller, variables: Record<string, unknown> = {}) {
  const original: DocumentNode = parse(query);
  const filtered = filterOperation(apiSchema, requirements, original, null, who);
  subgraphDocuments.length = 0;
  if (filtered.empty) return { data: null, errors: unauthorizedErrors(filtered.denied), subgraphDocuments: [] };
  const response = await server.executeOperation({ query: print(filtered.document), variables });
  if (response.body.kind !== 'single') throw new Error('incremental response');
  const { data, errors } = response.body.singleResult;
  if (errors) throw new Error(JSON.stringify(errors));
  return {
    data: applyDenials((data ?? null) as Record<string, unknown> | null, filtered.denied, variables),
    errors: unauthorizedErrors(filtered.denied),
    subgraphDocuments: [...subgraphDocuments],
  };
}

describe('end to end through @apollo/gateway', () => {
  it('returns null for denied fields and never sends them to a subgraph', async () => {
    const result = await execute('{ institutions { name lic: licence finances { revenue } programmes { title fee } } }', caller());
    expect(result.data).toEqual({
      institutions: [
        { name: 'Open University', lic: null, finances: null, programmes: [{ title: 'Law', fee: null }] },
        { name: 'Night School', lic: null, finances: null, programmes: [{ title: 'Law', fee: null }] },
      ],
    });
    expect(result.errors.map((e) => e.path)).toEqual([
      ['institutions', '@', 'licence'],
      ['institutions', '@', 'finances'],
      ['institutions', '@', 'programmes', '@', 'fee'],
    ]);
    expect(result.subgraphDocuments.join('\n')).not.toMatch(/licence|finances|fee/);
  });

  it('serves everything to a caller holding the scopes', async () => {
    const result = await execute('{ institution(id: "i1") { licence finances { revenue } } }', caller(['licence:read', 'finance:read']));
    expect(result.data).toEqual({ institution: { licence: 'L-1', finances: { revenue: 1000 } } });
    expect(result.errors).toEqual([]);
  });

  it('plans the injected __typename alias and strips it; union members and variables behave', async () => {
    const query = `query S($term: String!, $withPhone: Boolean!) {
      search(term: $term) {
        ... on Institution { name licence }
        ... on Inspector { name phone @include(if: $withPhone) }
        ... on Programme { title }
      }
    }`;
    const withPhone = await execute(query, caller(['staff:read']), { term: 'x', withPhone: true });
    // Inspector.phone is String!: its (nullable) list item becomes null.
    expect(withPhone.data).toEqual({ search: [{ name: 'Open University', licence: null }, null, { title: 'Law' }] });
    expect(withPhone.errors.map((e) => e.path)).toEqual([
      ['search', '@', '... on Institution', 'licence'],
      ['search', '@', '... on Inspector', 'phone'],
    ]);
    // $withPhone is no longer declared by the filtered operation, yet still sent: the gateway accepts it.
    const withoutPhone = await execute(query, caller(['staff:read']), { term: 'x', withPhone: false });
    expect(withoutPhone.data).toEqual({ search: [{ name: 'Open University', licence: null }, { name: 'Wang' }, { title: 'Law' }] });
  });

  it('null-propagates a denied non-null field to data: null, and answers a fully denied operation', async () => {
    expect((await execute('{ stats { institutions flagged } }', caller())).data).toBeNull();
    const anonymous = await execute('{ me { sub } }', ANONYMOUS);
    expect(anonymous).toMatchObject({ data: null, errors: [{ path: ['me'] }], subgraphDocuments: [] });
  });
});
