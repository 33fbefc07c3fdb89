import { startStack, type Stack } from '../../scripts/stack';
import { percentile } from '../bench/support';
import { seededDataDir, type SeededDataDir } from '../helpers/seeded-data-dir';
import { describeBackends, testStores, type TestStores } from '../helpers/test-stores';
import { worstAdmittedQueries, type WorstQuery } from '../helpers/worst-queries';

async function timed(url: string, init?: RequestInit): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const response = await fetch(url, init);
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

/**
 * The event-loop check: while the most demanding query each anonymous limit admits runs through
 * the real gateway process, /health keeps answering. Probes go out every 5 ms; the 90th
 * percentile must stay under 50 ms and the slowest under 250 ms, each over what the same probes
 * measure with no query running: on a shared machine that is scheduling noise, not the gateway.
 * `npm run bench:limits` prints the same figures over the full seed.
 */
describeBackends('the gateway\'s event loop under the worst admitted anonymous queries', (backend) => {
  let stores: TestStores;
  let data: SeededDataDir;
  let stack: Stack;
  let worst: WorstQuery[];

  beforeAll(async () => {
    data = seededDataDir(300, 81);
    stores = testStores(backend, data.dataDir);
    await stores.publish();
    stack = await startStack({ dataDir: data.dataDir, agencyDatabaseUrl: stores.agencyDatabaseUrl, ports: 'free', gatewayEnv: { RATE_LIMIT_REQUESTS: '100000', RATE_LIMIT_COST: '10000000' } });
    worst = worstAdmittedQueries(data.institutions.map((i) => i.uscc));
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await stores?.close();
    data?.remove();
  });

  it('answers /health within 50 ms while each runs, and never answers 5xx', async () => {
    const health = stack.gatewayUrl.replace(/\/graphql$/, '/health');
    const report: Record<string, { status: number; expected: number; p90: number; max: number }> = {};
    for (let i = 0; i < 20; i += 1) await timed(health);
    const idle: number[] = [];
    for (const until = performance.now() + 500; performance.now() < until; ) {
      idle.push((await timed(health)).ms);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const noise = { p90: percentile(idle, 90), max: Math.max(...idle) };
    for (const query of worst) {
      const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: query.query, variables: query.variables }) };
      // Once unmeasured: the first run of a document also plans it.
      await timed(stack.gatewayUrl, init);
      const probes: number[] = [];
      let status = 0;
      for (let run = 0; run < 3; run += 1) {
        let running = true;
        const probing = (async () => {
          while (running) {
            probes.push((await timed(health)).ms);
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
        })();
        status = (await timed(stack.gatewayUrl, init)).status;
        running = false;
        await probing;
      }
      report[query.name] = { status, expected: query.status, p90: percentile(probes, 90), max: Math.max(...probes) };
    }
    process.stdout.write(`/health while the worst admitted queries run (ms): ${JSON.stringify({ idle: noise, ...report })}\n`);
    for (const [name, { status, expected, p90, max }] of Object.entries(report)) {
      // The status too: a query the limits no longer admit would measure nothing.
      expect({ name, status, p90: p90 < 50 + noise.p90, max: max < 250 + noise.max }).toEqual({ name, status: expected, p90: true, max: true });
    }
  }, 120_000);
});
