/**
 * The load generator, run as its own process (pinned to CPU 1 by run.ts when `taskset` exists) so
 * that autocannon's own work never competes with the gateway on the gateway's core.
 * argv[2]: a JSON file holding a LoadSpec. Prints one JSON LoadResult line on stdout.
 */
import { readFileSync } from 'node:fs';
// autocannon ships no types; the little we use is typed below.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

export interface LoadSpec {
  readonly url: string;
  readonly durationS: number;
  readonly connections: number;
  readonly headers: Record<string, string>;
  readonly query: string;
  /** Rotated through, one per request. */
  readonly variables: readonly Record<string, unknown>[];
}

export interface LoadResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly total: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  /** 2xx responses whose body carried a GraphQL `errors` entry. */
  readonly graphqlErrors: number;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as LoadSpec;
  const bodies = spec.variables.map((variables) => JSON.stringify({ query: spec.query, variables }));
  let next = 0;
  let graphqlErrors = 0;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationS,
    headers: { 'content-type': 'application/json', ...spec.headers },
    requests: [{
      method: 'POST',
      setupRequest: (request: Record<string, unknown>) => {
        const body = bodies[next % bodies.length];
        next += 1;
        return { ...request, body };
      },
      onResponse: (_status: number, body: string) => {
        if (body && body.includes('"errors":')) graphqlErrors += 1;
      },
    }],
  });
  const out: LoadResult = {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.mean,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    graphqlErrors,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
