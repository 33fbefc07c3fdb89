/**
 * The real processes as operators run them: metrics on listeners of their own, spans exported
 * over OTLP/HTTP to a collector (here a stand-in that keeps what it receives), and the gateway
 * picking up a changed supergraph file.
 */
import { copyFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { SUPERGRAPH_PATH } from '../../schema/paths';
import { startStack, type RunningProcess, type Stack } from '../../scripts/stack';
import { postGraphQL } from '../helpers/graphql-client';
import { parsePrometheusText, sampleSum } from '../helpers/prometheus-text';
import { PROFILE_QUERY } from '../helpers/queries';
import { seededDataDir, type SeededDataDir } from '../helpers/seeded-data-dir';
import { describeBackends, testStores, type TestStores } from '../helpers/test-stores';

interface OtlpSpan { traceId: string; spanId: string; parentSpanId?: string; name: string }
interface OtlpExport {
  resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

function metricsUrlOf(process: RunningProcess): string {
  const match = /metrics at (http:\/\/\S+\/metrics)\s/.exec(process.startOutput);
  if (!match) throw new Error(`${process.name} printed no metrics address:\n${process.startOutput}`);
  return match[1] as string;
}

describeBackends('telemetry and hot reload of the real processes', (backend) => {
  let stores: TestStores;
  let data: SeededDataDir;
  let stack: Stack | undefined;
  let collector: Server;
  let collectorUrl: string;
  const exports: { path: string; contentType: string; body: OtlpExport }[] = [];
  let supergraphFile: string;

  beforeAll(async () => {
    data = seededDataDir(30, 13);
    stores = testStores(backend, data.dataDir);
    await stores.publish();
    collector = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        exports.push({ path: request.url ?? '', contentType: request.headers['content-type'] ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    collectorUrl = `http://127.0.0.1:${(collector.address() as { port: number }).port}`;
    supergraphFile = join(data.dataDir, 'supergraph.graphql');
    copyFileSync(SUPERGRAPH_PATH, supergraphFile);
    stack = await startStack({
      dataDir: data.dataDir,
      agencyDatabaseUrl: stores.agencyDatabaseUrl,
      ports: 'free',
      env: { METRICS_PORT: '0', OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl },
      gatewayEnv: { SUPERGRAPH_PATH: supergraphFile, SUPERGRAPH_WATCH_INTERVAL_MS: '100' },
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    collector?.close();
    await stores?.close();
    data?.remove();
  });

  it('serves /metrics on each process\'s metrics listener and not on the public one', async () => {
    const { status } = await postGraphQL(stack!.gatewayUrl, PROFILE_QUERY, { uscc: data.institutions[1]!.uscc });
    expect(status).toBe(200);
    expect((await fetch(stack!.gatewayUrl.replace(/\/graphql$/, '/metrics'))).status).toBe(404);
    const gateway = parsePrometheusText(await (await fetch(metricsUrlOf(stack!.gateway))).text());
    expect(sampleSum(gateway, 'gateway_operations_total', { consumer: 'anonymous' })).toBe(1);
    expect(sampleSum(gateway, 'http_client_request_duration_seconds_count', { subgraph_name: 'market' })).toBe(1);
    for (const subgraph of stack!.subgraphs.values()) {
      const samples = parsePrometheusText(await (await fetch(metricsUrlOf(subgraph))).text());
      expect(sampleSum(samples, 'db_client_operation_duration_seconds_count', { subgraph_name: subgraph.name })).toBeGreaterThan(0);
      expect((await fetch(`${subgraph.url}/metrics`)).status).toBe(404);
    }
  });

  it('serves a changed supergraph file, and refuses a broken one', async () => {
    const region = () => postGraphQL(stack!.gatewayUrl, '{ institution(uscc: "' + data.institutions[0]!.uscc + '") { regionName } }');
    expect((await region()).status).toBe(200);
    const replace = (text: string) => {
      writeFileSync(`${supergraphFile}.next`, text);
      renameSync(`${supergraphFile}.next`, supergraphFile);
    };
    const reloads = async (outcome: string) => sampleSum(parsePrometheusText(await (await fetch(metricsUrlOf(stack!.gateway))).text()), 'gateway_supergraph_reloads_total', { outcome });
    const until = async (check: () => Promise<boolean>) => {
      for (let i = 0; i < 100 && !(await check()); i += 1) await new Promise((r) => setTimeout(r, 100));
    };
    replace('type Query { broken: String');
    await until(async () => (await reloads('refused')) === 1);
    expect(await reloads('refused')).toBe(1);
    expect((await region()).status).toBe(200);
    replace(readFileSync(SUPERGRAPH_PATH, 'utf8').replace('  regionName: String! @join__field(graph: EDUCATION)\n', ''));
    await until(async () => (await region()).status === 400);
    expect((await region()).body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await reloads('loaded')).toBe(1);
  });

  it('exports each process\'s spans over OTLP on a clean stop, one trace across the gateway and the subgraphs', async () => {
    const running = stack!;
    stack = undefined;
    await running.stop();
    expect(exports.every((e) => e.path === '/v1/traces' && e.contentType.startsWith('application/json'))).toBe(true);
    const spans = new Map<string, OtlpSpan[]>();
    for (const { body } of exports) {
      for (const resource of body.resourceSpans) {
        const service = resource.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
        spans.set(service, [...(spans.get(service) ?? []), ...resource.scopeSpans.flatMap((s) => s.spans)]);
      }
    }
    expect([...spans.keys()].sort()).toEqual(['edu-gateway', 'edu-subgraph-credit', 'edu-subgraph-education', 'edu-subgraph-finance', 'edu-subgraph-ip', 'edu-subgraph-market']);
    const gatewaySpans = spans.get('edu-gateway')!;
    // The profile query of the first test: its subgraph spans are the parents of the subgraphs' server spans.
    const profileRoot = gatewaySpans.find((s) => s.name === 'POST /graphql' && gatewaySpans.some((c) => c.traceId === s.traceId && c.name === 'subgraph'))!;
    const fetches = gatewaySpans.filter((s) => s.traceId === profileRoot.traceId && s.name === 'subgraph');
    expect(fetches.length).toBeGreaterThanOrEqual(5);
    for (const fetch of fetches) {
      const children = [...spans.entries()].filter(([service]) => service !== 'edu-gateway').flatMap(([, s]) => s).filter((s) => s.parentSpanId === fetch.spanId);
      expect(children.map((c) => c.name)).toEqual(['POST /graphql']);
      expect(children[0]!.traceId).toBe(profileRoot.traceId);
    }
  }, 60_000);
});
