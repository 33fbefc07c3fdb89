/**
 * Supergraph hot reload over real HTTP: a good new supergraph replaces the old one without a
 * failed request, a bad one is refused while the old one keeps serving, and a request that began
 * before a swap finishes on the supergraph it began on.
 */
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createMetricsRegistry } from '../../../common/telemetry/metrics-registry';
import { buildGateway, type GatewayApp } from '../../../gateway/app';
import { resolveGatewayConfig } from '../../../gateway/config';
import { watchSupergraphFile } from '../../../gateway/supergraph/watch-supergraph-file';
import { SUPERGRAPH_PATH } from '../../../schema/paths';
import { buildApp } from '../../../subgraphs/build-app';
import { AGENCY_NAMES } from '../../../subgraphs/shared/agency';
import { postGraphQL } from '../../helpers/graphql-client';
import { loopTurnsDuring } from '../../helpers/loop-turns';
import { parsePrometheusText, sampleSum } from '../../helpers/prometheus-text';
import { PROFILE_QUERY } from '../../helpers/queries';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';

const ORIGINAL = readFileSync(SUPERGRAPH_PATH, 'utf8');
const REGION_NAME = '  regionName: String! @join__field(graph: EDUCATION)\n';
/** The same supergraph less Institution.regionName: valid, and visibly different. */
const WITHOUT_REGION_NAME = ORIGINAL.replace(REGION_NAME, '');
/** The profile query, asking for nothing either supergraph lacks. */
const LOAD_QUERY = PROFILE_QUERY.replace(/\n\s*regionName\n/, '\n');
const REGION_QUERY = 'query Region($uscc: USCC!) { institution(uscc: $uscc) { uscc regionName } }';
const BAD_SUPERGRAPHS: Record<string, string> = {
  'not GraphQL': 'this is not a supergraph {',
  'an unknown security feature': ORIGINAL.replace('@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)', '@link(url: "https://specs.apollo.dev/requiresScopes/v9.9", for: SECURITY)'),
  'a schema that is no supergraph': 'type Query { hello: String }',
  'a field of an unknown subgraph': ORIGINAL.replace(REGION_NAME, '  regionName: String! @join__field(graph: NOWHERE)\n'),
  'an empty file': '',
};

/** Forwards to a subgraph; while `delayMs` is set, holds each answer back that long. */
function delayingProxy(target: string): Promise<{ url: string; server: Server; setDelay(ms: number): void }> {
  let delayMs = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', async () => {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) });
      response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(Buffer.from(await upstream.arrayBuffer()));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    resolve({ url: `http://127.0.0.1:${port}/graphql`, server, setDelay: (ms) => (delayMs = ms) });
  }));
}

describe('supergraph hot reload', () => {
  let data: SeededDataDir;
  let subgraphs: FastifyInstance[];
  let proxy: Awaited<ReturnType<typeof delayingProxy>>;
  let gateway: GatewayApp;
  let url: string;
  const registry = createMetricsRegistry();
  const reloads = async (outcome: string) => sampleSum(parsePrometheusText(await registry.metrics()), 'gateway_supergraph_reloads_total', { outcome });

  beforeAll(async () => {
    data = seededDataDir(20, 12);
    subgraphs = AGENCY_NAMES.map((agency) => buildApp({ agency, dataDir: data.dataDir, gatewayProof: null }));
    const urls = await Promise.all(subgraphs.map((app) => app.listen({ port: 0, host: '127.0.0.1' })));
    proxy = await delayingProxy(`${urls[AGENCY_NAMES.indexOf('education')]}/graphql`);
    const config = resolveGatewayConfig({
      AUDIT_ENABLED: 'false',
      SUBGRAPH_URLS: AGENCY_NAMES.map((name, i) => `${name}=${name === 'education' ? proxy.url : `${urls[i]}/graphql`}`).join(','),
    }, { supergraphPath: SUPERGRAPH_PATH });
    gateway = await buildGateway({ config, supergraphSdl: ORIGINAL, metricsRegistry: registry });
    url = `${await gateway.listen({ port: 0, host: '127.0.0.1' })}/graphql`;
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await Promise.all((subgraphs ?? []).map((app) => app.close()));
    proxy?.server.close();
    data?.remove();
  });

  afterEach(async () => {
    proxy.setDelay(0);
    await gateway.reloadSupergraph(ORIGINAL);
  });

  const region = () => postGraphQL(url, REGION_QUERY, { uscc: data.institutions[0]!.uscc });

  it('serves a good new supergraph at once, and the old one again when it comes back', async () => {
    expect((await region()).status).toBe(200);
    const loaded = await gateway.reloadSupergraph(WITHOUT_REGION_NAME);
    expect(loaded.outcome).toBe('loaded');
    const gone = await region();
    expect(gone.status).toBe(400);
    expect(gone.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await gateway.reloadSupergraph(WITHOUT_REGION_NAME)).outcome).toBe('unchanged');
    expect((await gateway.reloadSupergraph(ORIGINAL)).outcome).toBe('loaded');
    const back = await region();
    expect(back.status).toBe(200);
    expect(back.body.data).toEqual({ institution: { uscc: data.institutions[0]!.uscc, regionName: data.institutions[0]!.regionName } });
  });

  it('gives the loop back to requests between the steps of building the new supergraph', async () => {
    // Turns of the loop the reload let pass: with the whole build in one turn, none would.
    let answered: ReturnType<typeof region> | undefined;
    const { value: reloaded, turns } = await loopTurnsDuring(() => {
      const reload = gateway.reloadSupergraph(WITHOUT_REGION_NAME);
      answered = region();
      return reload;
    });
    expect(reloaded.outcome).toBe('loaded');
    expect(turns).toBeGreaterThanOrEqual(4);
    const answer = await answered!;
    // The request sent while the build ran was answered, on one supergraph or the other.
    expect(answer.status === 200 || answer.body.errors?.[0]?.extensions?.code === 'GRAPHQL_VALIDATION_FAILED').toBe(true);
    expect((await gateway.reloadSupergraph(ORIGINAL)).outcome).toBe('loaded');
  });

  it.each(Object.keys(BAD_SUPERGRAPHS))('refuses %s and keeps serving the old one', async (kind) => {
    const refusedBefore = await reloads('refused');
    const result = await gateway.reloadSupergraph(BAD_SUPERGRAPHS[kind]!);
    expect(result.outcome).toBe('refused');
    expect(result.outcome === 'refused' && result.reason.length).toBeGreaterThan(0);
    expect(await reloads('refused')).toBe(refusedBefore + 1);
    const still = await region();
    expect(still.status).toBe(200);
    expect(still.body.errors).toBeUndefined();
  });

  it('lets a request that began on the old supergraph finish on it', async () => {
    proxy.setDelay(800);
    const inFlight = region();
    await new Promise((r) => setTimeout(r, 200));
    expect((await gateway.reloadSupergraph(WITHOUT_REGION_NAME)).outcome).toBe('loaded');
    proxy.setDelay(0);
    // Started after the swap: the field is gone.
    expect((await region()).status).toBe(400);
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toEqual({ institution: { uscc: data.institutions[0]!.uscc, regionName: data.institutions[0]!.regionName } });
  });

  it('fails no request under load while the watched file is replaced, broken and restored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edu-gw-supergraph-'));
    const file = join(dir, 'supergraph.graphql');
    writeFileSync(file, ORIGINAL);
    const loadedBefore = await reloads('loaded');
    const refusedBefore = await reloads('refused');
    let inFlight = 0;
    let answered = 0;
    const inFlightAtSwap: number[] = [];
    let reloadsSeen = 0;
    const unwatch = watchSupergraphFile(file, 50, async (sdl) => {
      inFlightAtSwap.push(inFlight);
      await gateway.reloadSupergraph(sdl);
      reloadsSeen += 1;
    }, () => undefined);
    // Replaced the way deployments replace files: a new file renamed over the old one.
    const replace = (text: string) => {
      writeFileSync(`${file}.next`, text);
      renameSync(`${file}.next`, file);
    };
    let stop = false;
    const failures: string[] = [];
    const client = async (i: number) => {
      while (!stop) {
        inFlight += 1;
        const { status, body } = await postGraphQL(url, LOAD_QUERY, { uscc: data.institutions[i % data.institutions.length]!.uscc }).catch((error: Error) => ({ status: 0, body: { errors: [{ message: error.message }] } }));
        inFlight -= 1;
        if (status !== 200 || body.errors) failures.push(`${status} ${JSON.stringify(body.errors)}`);
        answered += 1;
      }
    };
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((r) => setTimeout(r, 10));
    };
    const clients = Array.from({ length: 8 }, (_, i) => client(i));
    const versions = [WITHOUT_REGION_NAME, BAD_SUPERGRAPHS['not GraphQL']!, ORIGINAL, BAD_SUPERGRAPHS['an unknown security feature']!, WITHOUT_REGION_NAME, ORIGINAL];
    try {
      await until(() => answered >= 8);
      for (const [i, text] of versions.entries()) {
        replace(text);
        // Each version is seen, and every client is answered again after it, before the next.
        await until(() => reloadsSeen === i + 1);
        const after = answered;
        await until(() => answered >= after + 8);
      }
    } finally {
      stop = true;
      await Promise.all(clients);
      unwatch();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(failures).toEqual([]);
    expect(inFlightAtSwap).toHaveLength(versions.length);
    expect(inFlightAtSwap.every((n) => n > 0)).toBe(true);
    expect(await reloads('loaded')).toBe(loadedBefore + 4);
    expect(await reloads('refused')).toBe(refusedBefore + 2);
  }, 30_000);
});
