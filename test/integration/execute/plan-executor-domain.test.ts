import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { prepareSupergraph } from '../../../gateway/supergraph/prepare-supergraph';
import { SUPERGRAPH_PATH } from '../../../schema/paths';
import { buildApp } from '../../../subgraphs/build-app';
import { AGENCY_NAMES } from '../../../subgraphs/shared/agency';
import { buildExecutorPair, type ExecutorPair } from '../../helpers/differential-executors';
import { FAN_OUT_QUERY, PROFILE_QUERY } from '../../helpers/queries';
import { scopeListVerifier } from '../../helpers/scope-list-verifier';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';

/**
 * The domain supergraph: the five agency subgraphs over seeded data, every query the benchmarks
 * and tests use, for a caller holding every scope, some scopes and none (the subgraphs then refuse
 * fields with errors at entity paths, which both executors must place alike).
 */
describe('plan executor: differential against @apollo/gateway on the domain schema', () => {
  let data: SeededDataDir;
  let apps: FastifyInstance[];
  let pair: ExecutorPair;
  let allScopes: string;

  beforeAll(async () => {
    data = seededDataDir(40, 3);
    apps = AGENCY_NAMES.map((agency) => buildApp({ agency, dataDir: data.dataDir, tokenVerifier: scopeListVerifier, gatewayProof: null }));
    const urls: Record<string, string> = {};
    for (const [i, name] of AGENCY_NAMES.entries()) urls[name] = `${await apps[i]!.listen({ host: '127.0.0.1', port: 0 })}/graphql`;
    const supergraph = prepareSupergraph(readFileSync(SUPERGRAPH_PATH, 'utf8'));
    allScopes = [...supergraph.requirements.scopes].join(',');
    pair = await buildExecutorPair(supergraph.executableSdl, urls, { scalars: true });
  });
  afterAll(async () => {
    await pair?.close();
    await Promise.all((apps ?? []).map((app) => app.close()));
    data?.remove();
  });

  const callers = (): [string, string | undefined][] => [['every scope', allScopes], ['education scopes only', allScopes.split(',').filter((s) => s.startsWith('education')).join(',')], ['anonymous', undefined]];

  it.each(['every scope', 'education scopes only', 'anonymous'])('the profile query, %s', async (who) => {
    const token = callers().find(([name]) => name === who)![1];
    for (const institution of [data.institutions[0]!, data.institutions[7]!]) {
      const variables = { uscc: institution.uscc };
      const apollo = await pair.apollo(PROFILE_QUERY, variables, undefined, token);
      expect(await pair.own(PROFILE_QUERY, variables, undefined, token)).toEqual(apollo);
      expect(apollo.data).not.toBeUndefined();
    }
  });

  it.each(['every scope', 'anonymous'])('the fan-out query with paging, %s', async (who) => {
    const token = callers().find(([name]) => name === who)![1];
    const first = await pair.apollo(FAN_OUT_QUERY, { first: 15 }, undefined, token);
    expect(await pair.own(FAN_OUT_QUERY, { first: 15 }, undefined, token)).toEqual(first);
    const after = (first.data as { institutions: { pageInfo: { endCursor: string } } } | null)?.institutions.pageInfo.endCursor;
    if (after) expect(await pair.own(FAN_OUT_QUERY, { first: 15, after }, undefined, token)).toEqual(await pair.apollo(FAN_OUT_QUERY, { first: 15, after }, undefined, token));
  });

  it('an unknown institution and a malformed USCC', async () => {
    const unknown = { uscc: '91110000100000000X' };
    expect(await pair.own(PROFILE_QUERY, unknown, undefined, allScopes)).toEqual(await pair.apollo(PROFILE_QUERY, unknown, undefined, allScopes));
    const malformed = { uscc: '91152201078376286X' };
    const apollo = await pair.apollo(PROFILE_QUERY, malformed, undefined, allScopes);
    expect(apollo.errors?.length).toBeGreaterThan(0);
    expect(await pair.own(PROFILE_QUERY, malformed, undefined, allScopes)).toEqual(apollo);
  });
});
