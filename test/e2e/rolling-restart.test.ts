/**
 * A rolling restart of one gateway replica under load costs no client a failed request: two
 * replicas (GATEWAY_WORKERS=2) on one port, clients on kept-alive connections (fetch's pool and
 * node:http's agent) asking all the time, and one replica stopped with SIGTERM, as an orchestrator
 * or an operator restarting it would. Every request must be answered, 200 and without errors.
 */
import { execFileSync } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { startStack, type Stack } from '../../scripts/stack';
import { parsePrometheusText, sampleSum } from '../helpers/prometheus-text';
import { PROFILE_QUERY } from '../helpers/queries';
import { seededDataDir, type SeededDataDir } from '../helpers/seeded-data-dir';
import { describeBackends, testStores, type TestStores } from '../helpers/test-stores';


/** The gateway workers the cluster primary runs now. */
function workersOf(primary: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(primary)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const until = async (done: () => boolean, timeoutMs: number, what: string) => {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describeBackends('a rolling restart of one gateway replica', (backend) => {
  let stores: TestStores;
  let data: SeededDataDir;
  let stack: Stack;

  beforeAll(async () => {
    data = seededDataDir(40, 19);
    stores = testStores(backend, data.dataDir);
    await stores.publish();
    // Audit off: replicas cannot share the SQLite audit log, and the shared PostgreSQL chain under
    // a replica's death is test/e2e/replicas.test.ts's subject. Rate limiting off: one client, many requests.
    stack = await startStack({
      dataDir: data.dataDir,
      agencyDatabaseUrl: stores.agencyDatabaseUrl,
      ports: 'free',
      gateways: 2,
      gatewayEnv: { AUDIT_ENABLED: 'false', RATE_LIMIT_ENABLED: 'false', METRICS_PORT: '0' },
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await stores?.close();
    data?.remove();
  });

  it('answers every request while replicas are stopped and replaced one at a time', async () => {
    const primary = stack.gateway.child.pid!;
    const before = workersOf(primary);
    expect(before).toHaveLength(2);
    const restarted: number[] = [];
    const url = new URL(stack.gatewayUrl);
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const body = (i: number) => JSON.stringify({ query: PROFILE_QUERY, variables: { uscc: data.institutions[i % data.institutions.length]!.uscc } });
    const failures: string[] = [];
    let answered = 0;
    let stop = false;
    const check = (status: number, text: string) => {
      if (status !== 200 || text.includes('"errors"')) failures.push(`HTTP ${status}: ${text.slice(0, 200)}`);
      else answered += 1;
    };
    const viaFetch = async (i: number) => {
      for (let n = i; !stop; n += 7) {
        try {
          const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(n), signal: AbortSignal.timeout(10_000) });
          check(response.status, await response.text());
        } catch (error) {
          failures.push(`fetch: ${String((error as Error).cause ?? (error as Error).message)}`);
        }
      }
    };
    const viaAgent = async (i: number) => {
      for (let n = i; !stop; n += 5) {
        await new Promise<void>((resolve) => {
          const request = httpRequest(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' }, timeout: 10_000 }, (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (text += chunk));
            response.on('end', () => {
              check(response.statusCode ?? 0, text);
              resolve();
            });
          });
          request.on('error', (error) => {
            failures.push(`http.Agent: ${error.message}`);
            resolve();
          });
          request.end(body(n));
        });
      }
    };
    const clients = [...Array.from({ length: 6 }, (_, i) => viaFetch(i)), ...Array.from({ length: 4 }, (_, i) => viaAgent(i))];
    let servedByNewReplicasFrom = 0;
    try {
      await until(() => answered >= 40, 30_000, 'the load to start');
      // Each replica in turn, stopped with SIGTERM while the clients ask.
      for (const victim of before) {
        const beforeRestart = answered;
        process.kill(victim, 'SIGTERM');
        // The victim drains and exits; the primary starts its replacement.
        await until(() => !workersOf(primary).includes(victim) && workersOf(primary).length === 2, 30_000, 'the replacement replica');
        expect(answered).toBeGreaterThan(beforeRestart);
        const afterRestart = answered;
        servedByNewReplicasFrom = afterRestart;
        await until(() => answered >= afterRestart + 40, 30_000, 'the load after the restart');
        restarted.push(victim);
      }
    } finally {
      stop = true;
      await Promise.all(clients);
      agent.destroy();
    }
    expect(restarted).toEqual(before);
    expect(workersOf(primary).some((pid) => before.includes(pid))).toBe(false);
    expect(failures).toEqual([]);
    // The primary serves the replicas' metrics, summed (those of the stopped ones went with them).
    const metricsUrl = /gateway metrics at (http:\/\/\S+\/metrics)/.exec(stack.gateway.startOutput)![1]!;
    const samples = parsePrometheusText(await (await fetch(metricsUrl)).text());
    // Every request answered once the last replacement was up was served by one of the two replicas
    // running now (but the few, one per client, the stopped one may have answered just before it
    // went): their counts, summed, hold at least those; one replica's alone, about half.
    expect(sampleSum(samples, 'gateway_operations_total', { outcome: 'SERVED', consumer: 'anonymous' })).toBeGreaterThanOrEqual(answered - servedByNewReplicasFrom - clients.length);
    expect(sampleSum(samples, 'gateway_operations_total', { outcome: 'SERVED', consumer: 'anonymous' })).toBeLessThanOrEqual(answered);
  }, 180_000);
});
