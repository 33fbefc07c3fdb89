import { buildExecutorPair, type ExecutorPair } from '../../helpers/differential-executors';
import { startEdgeSubgraphs, type EdgeSubgraphs, type ExtrasMode } from '../../fixtures/edge-subgraphs';

/**
 * Our plan executor against @apollo/gateway's on plans the domain schema does not produce:
 * rewrites (@interfaceObject), @requires, @provides, unions, conditions, mutations, null
 * propagation, invalid values and every way a subgraph can fail. Same answer, errors included.
 */
describe('plan executor: differential against @apollo/gateway on edge cases', () => {
  let edge: EdgeSubgraphs;
  let pair: ExecutorPair;

  beforeAll(async () => {
    edge = await startEdgeSubgraphs();
    pair = await buildExecutorPair(edge.supergraphSdl, edge.urls, { timeoutMs: 500 });
  });
  afterAll(async () => {
    await pair?.close();
    await edge?.close();
  });
  afterEach(() => {
    edge.setMode('ok');
    edge.setPersonDelay(0);
    edge.events.length = 0;
  });

  const ITEMS = `{
    items {
      id title rating tags __typename
      ... on Book { pages author { id name nickname } }
      ... on Movie { minutes }
    }
  }`;

  const same = async (query: string, variables?: Record<string, unknown>, operationName?: string) => {
    const apollo = await pair.apollo(query, variables, operationName);
    const own = await pair.own(query, variables, operationName);
    expect(own).not.toBeNull();
    expect(own).toEqual(apollo);
    return own!;
  };

  it('interface entities through @interfaceObject, @requires and @provides', async () => {
    await same('{ strict { shout } maybeStrict { shout name } }');
    const answer = await same(ITEMS);
    expect((answer.data as { items: { rating: number }[] }).items).toHaveLength(5);
    expect(answer.errors).toBeUndefined();
    expect(answer.fetches.extras).toBeGreaterThanOrEqual(2);
  });

  it.each([
    [{ skip: true }],
    [{ skip: false }],
    [{ skip: false, inc: false }],
    [{ skip: true, inc: true }],
  ])('@skip/@include on fields of other subgraphs (Condition nodes): %j', async (variables) => {
    await same('query Q($skip: Boolean!, $inc: Boolean = true) { items(first: 3) { id rating @skip(if: $skip) title @include(if: $inc) ... on Movie @include(if: $inc) { minutes } } }', variables, 'Q');
  });

  it('unions, aliases, __typename and repeated response keys', async () => {
    await same(`{
      __typename
      search { __typename ... on Book { title rating } ... on Movie { minutes t: title rating } }
      a: item(id: "b1") { id t: title r: rating r2: rating ... on Book { pages } }
      b: item(id: "nope") { id rating }
      items(first: 2) { id title ... on Item { title rating } }
    }`);
  });

  describe('a lookup by key (`person(id: $id)`, then entity fetches that need only the key)', () => {
    const PERSON = 'query P($id: ID!) { person(id: $id) { id nickname } }';
    /** Both executors' answers, which must agree, and what the subgraphs did for ours. */
    const sameAnswer = async (variables: Record<string, unknown>) => {
      const apollo = await pair.apollo(PERSON, variables, 'P');
      const apolloEvents = edge.events.splice(0);
      const own = (await pair.own(PERSON, variables, 'P'))!;
      expect({ data: own.data, errors: own.errors }).toEqual({ data: apollo.data, errors: apollo.errors });
      return { own, apollo, apolloEvents, ownEvents: edge.events.splice(0) };
    };

    it('sends the entity fetch beside the root fetch, not after its answer, with the same answer', async () => {
      edge.setPersonDelay(150);
      const { own, apolloEvents, ownEvents } = await sameAnswer({ id: 'p1' });
      expect(apolloEvents).toEqual(['catalog answered person(p1)', 'extras resolved Person p1']);
      expect(ownEvents).toEqual(['extras resolved Person p1', 'catalog answered person(p1)']);
      expect(own.data).toEqual({ person: { id: 'p1', nickname: 'nick-p1' } });
      expect(own.fetches).toEqual({ catalog: 1, extras: 1 });
    });

    it('drops the early answer when the root finds nothing, once it has come: every fetch made ends inside the operation, for its audit', async () => {
      edge.setMode('lagging');
      const { own, apollo, ownEvents } = await sameAnswer({ id: 'nobody' });
      expect(own.data).toEqual({ person: null });
      expect(apollo.fetches).toEqual({ catalog: 1 });
      expect(own.fetches).toEqual({ catalog: 1, extras: 1 });
      expect(ownEvents).toContain('extras resolved Person nobody');
    });

    it('drops its errors too: a failing entity subgraph is not the answer\'s concern when there is no entity', async () => {
      edge.setMode('http500');
      const { own } = await sameAnswer({ id: 'nobody' });
      expect(own).toMatchObject({ data: { person: null } });
      expect(own.errors).toBeUndefined();
    });

    it('reports the entity fetch\'s errors when its early answer is used', async () => {
      edge.setMode('http500');
      const { own } = await sameAnswer({ id: 'p1' });
      expect(own.errors?.length).toBeGreaterThan(0);
      expect(own.data).toEqual({ person: null });
    });

    it('fetches again, as planned, when the root answers another key than the arguments gave', async () => {
      const { own, ownEvents } = await sameAnswer({ id: 'P2' });
      expect(own.data).toEqual({ person: { id: 'p2', nickname: 'nick-p2' } });
      expect(own.fetches).toEqual({ catalog: 1, extras: 2 });
      expect(ownEvents.filter((e) => e.startsWith('extras'))).toEqual(['extras resolved Person P2', 'extras resolved Person p2']);
    });
  });

  it('duplicate representations are answered once and merged into every entity', async () => {
    const answer = await same('{ people { id name nickname } items(first: 5) { ... on Book { author { nickname } } } }');
    expect((answer.data as { people: unknown[] }).people).toHaveLength(3);
  });

  it('invalid leaf values from a subgraph are nulled with value-completion errors', async () => {
    edge.setMode('invalid-values');
    const odd = await same('{ odd { count label kind ratio flag code list nested { count label nested { count } } } }');
    expect(odd.extensions).toHaveProperty('valueCompletion');
    expect(odd.errors).toBeUndefined();
    const alone = await same('{ odd { count code } }');
    expect(alone.data).toEqual({ odd: { count: null, code: null } });
    // With a fetch error in the same request, @apollo/gateway drops value-completion errors.
    const mixed = await same('{ odd { count } weird { count label kind ratio flag code } weirdList { count label kind } }');
    expect(mixed.errors?.length).toBeGreaterThan(0);
  });

  it.each<ExtrasMode>(['nulls', 'entity-errors', 'wrong-count', 'http500', 'html', 'array', 'slow'])('extras misbehaving (%s): same data, same errors', async (mode) => {
    edge.setMode(mode);
    const items = await same(ITEMS);
    const strict = await same('{ strict { id name extra flaky shout } maybeStrict { id extra shout } }');
    if (mode !== 'nulls') expect([...(items.errors ?? []), ...(strict.errors ?? [])].length).toBeGreaterThan(0);
  });

  it('non-null fields that come back null bubble to the nearest nullable parent', async () => {
    edge.setMode('nulls');
    const answer = await same('{ strict { id extra } items(first: 3) { id rating tags } people { nickname } }');
    expect(answer.data).toBeNull();
  });

  it('mutations run their root fields in order', async () => {
    const query = 'mutation M { first: rename(id: "b2", title: "Outlaws of the Marsh") { id title rating } log(message: "renamed") second: rename(id: "b2", title: "Outlaws of the Marsh") { title } }';
    const answer = await same(query, {}, 'M');
    expect(answer.data).toMatchObject({ first: { title: 'Outlaws of the Marsh' }, log: 7 });
  });

  it('variables are checked before any fetch, as @apollo/gateway checks them', async () => {
    const answer = await same('query Q($first: Int) { items(first: $first) { id } }', { first: 'three' }, 'Q');
    expect(answer.data).toBeUndefined();
    expect(answer.fetches).toEqual({});
  });
});
