/**
 * The public GraphQL gateways benchmark inside `npm run bench`: its four subgraphs (memoising, in
 * one process), its TestQuery (~87 KB answer), 50 connections; each gateway pinned to CPU 0, the
 * load generator and the subgraphs to CPU 1. Every gateway's answer is checked against the
 * reference before and after its load. Scenarios run in rotated rounds; the median round counts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../../../common/project-root';
import { freePort } from '../../../scripts/stack';
import type { LoadResult } from '../load';
import { pin, post, processTreeCpuMs, processTreePeakRssMiB, runLoad, startCommand, stopChild } from '../support';
import { composePublicSupergraph, loadBenchmarkData, TEST_QUERY, type PublicSubgraphName } from './benchmark-schema';
import { referenceResponse } from './benchmark-reference';

export interface PublicBenchOptions {
  readonly quick: boolean;
  readonly durationS: number;
  readonly warmupS: number;
  readonly rounds: number;
  readonly connections: number;
  /** Bench scratch folder: the supergraph, audit databases and load specs go here. */
  readonly scratch: string;
  /** AUTH_* for our gateway, and the header every client request carries. */
  readonly authEnv: NodeJS.ProcessEnv;
  readonly headers: Record<string, string>;
  readonly log: (line: string) => void;
}

export interface PublicScenarioResult {
  readonly key: string;
  readonly label: string;
  /** Why the scenario could not run, instead of figures. */
  readonly skipped?: string;
  readonly load?: LoadResult;
  readonly cpuMsPerRequest?: number;
  readonly peakRssMiB?: number;
}

export interface PublicBenchResult {
  readonly responseBytes: number;
  readonly scenarios: readonly PublicScenarioResult[];
}

interface Scenario {
  readonly key: string;
  readonly label: string;
  /** Starts the gateway on the supergraph file; resolves with its /graphql URL. */
  start(supergraphFile: string, subgraphUrls: string): Promise<{ child: ChildProcess; url: string }>;
}

const DIST = join(PROJECT_ROOT, 'dist');
const HIVE_GATEWAY_BIN = join(PROJECT_ROOT, 'node_modules/@graphql-hive/gateway/dist/bin.js');

/** Node scripts that print `listening on http://...` (ours and the @apollo/gateway baseline). */
function nodeGateway(script: string, env: NodeJS.ProcessEnv) {
  return async (supergraphFile: string, subgraphUrls: string) => {
    const { child, value } = await startCommand('gateway', process.execPath, [script], {
      LOG_LEVEL: 'silent', PORT: '0', SUPERGRAPH_PATH: supergraphFile, SUBGRAPH_URLS: subgraphUrls, ...env,
    }, { output: (text) => /listening on (http:\/\/\S+?)(\/graphql)?\s/.exec(text)?.[1] ?? null });
    return { child, url: `${value}/graphql` };
  };
}

export async function runPublicBenchmark(options: PublicBenchOptions): Promise<PublicBenchResult> {
  const { log, scratch } = options;
  const reference = referenceResponse(loadBenchmarkData());
  const responseBytes = Buffer.byteLength(JSON.stringify(reference));

  log('public benchmark: starting its four subgraphs');
  const subgraphs = await startCommand('public subgraphs', process.execPath, [join(DIST, 'test/bench/public/subgraphs-main.js')], {}, {
    output: (text) => {
      const match = /public subgraphs ready (\{.*\})\n/.exec(text);
      return match ? (JSON.parse(match[1] as string) as Record<PublicSubgraphName, string>) : null;
    },
  });
  pin(subgraphs.child.pid, 1);
  try {
    const urls = subgraphs.value;
    const supergraphFile = join(scratch, 'public-supergraph.graphql');
    writeFileSync(supergraphFile, composePublicSupergraph(urls));
    const subgraphUrls = Object.entries(urls).map(([name, url]) => `${name}=${url}`).join(',');

    const scenarios: Scenario[] = [
      { key: 'A', label: '(A) @apollo/gateway + @apollo/server', start: nodeGateway(join(DIST, 'test/bench/baseline-gateway.js'), {}) },
      {
        key: 'H',
        label: '(H) @graphql-hive/gateway --jit',
        start: async (file) => {
          const port = await freePort();
          const url = `http://127.0.0.1:${port}/graphql`;
          const { child } = await startCommand('hive-gateway', process.execPath, [HIVE_GATEWAY_BIN, 'supergraph', file, '--host', '127.0.0.1', '--port', String(port), '--jit', '--disable-websockets'], {
            NODE_ENV: 'production',
          }, { probe: async () => ((await post(url, '{ __typename }', {}, {})).data ? true : null) });
          return { child, url };
        },
      },
      { key: 'B', label: '(B) our gateway, authorization and audit off', start: nodeGateway(join(DIST, 'gateway/main.js'), { ...options.authEnv, AUTHZ_ENABLED: 'false', AUDIT_ENABLED: 'false' }) },
      { key: 'D', label: '(D) our gateway, authorization and audit on', start: nodeGateway(join(DIST, 'gateway/main.js'), { ...options.authEnv, AUDIT_DIR: join(scratch, 'public-audit') }) },
    ];

    const check = async (label: string, url: string, when: string): Promise<void> => {
      const body = await post(url, TEST_QUERY, {}, options.headers);
      const difference = firstDifference(body, { data: reference.data });
      if (difference) throw new Error(`${label}: the answer to TestQuery ${when} load differs from the reference at ${difference}`);
    };

    const runs = new Map<string, { load: LoadResult; cpuMsPerRequest: number; peakRssMiB: number }[]>(scenarios.map((s) => [s.key, []]));
    const skipped = new Map<string, string>();
    for (let round = 0; round < options.rounds; round += 1) {
      for (let i = 0; i < scenarios.length; i += 1) {
        const scenario = scenarios[(round + i) % scenarios.length]!;
        if (skipped.has(scenario.key)) continue;
        log(`public round ${round + 1}/${options.rounds}: ${scenario.label}`);
        let gateway: { child: ChildProcess; url: string };
        try {
          gateway = await scenario.start(supergraphFile, subgraphUrls);
        } catch (error) {
          skipped.set(scenario.key, (error as Error).message.split('\n').slice(0, 6).join(' | '));
          log(`${scenario.label} could not start: ${skipped.get(scenario.key)}`);
          continue;
        }
        try {
          pin(gateway.child.pid, 0);
          await check(scenario.label, gateway.url, 'before');
          const spec = { url: gateway.url, connections: options.connections, headers: options.headers, query: TEST_QUERY, variables: [{}] };
          await runLoad({ ...spec, durationS: options.warmupS }, scratch);
          const cpuBefore = processTreeCpuMs(gateway.child.pid);
          const load = await runLoad({ ...spec, durationS: options.durationS }, scratch);
          const cpuMs = processTreeCpuMs(gateway.child.pid) - cpuBefore;
          await check(scenario.label, gateway.url, 'after');
          if (load.non2xx || load.errors || load.timeouts || load.graphqlErrors) {
            log(`${scenario.label}: non2xx=${load.non2xx} errors=${load.errors} timeouts=${load.timeouts} graphqlErrors=${load.graphqlErrors}`);
          }
          runs.get(scenario.key)!.push({ load, cpuMsPerRequest: cpuMs / Math.max(1, load.total), peakRssMiB: processTreePeakRssMiB(gateway.child.pid) });
        } finally {
          await stopChild(gateway.child);
        }
      }
    }
    return {
      responseBytes,
      scenarios: scenarios.map((s) => {
        const list = [...runs.get(s.key)!].sort((x, y) => x.load.rps - y.load.rps);
        const median = list[Math.floor((list.length - 1) / 2)];
        if (!median) return { key: s.key, label: s.label, skipped: skipped.get(s.key) ?? 'did not run' };
        return { key: s.key, label: s.label, load: median.load, cpuMsPerRequest: median.cpuMsPerRequest, peakRssMiB: Math.max(...list.map((r) => r.peakRssMiB)) };
      }),
    };
  } finally {
    await stopChild(subgraphs.child);
  }
}

/** Where two JSON values first differ (`data.users.0.name: "a" vs "b"`), or null when equal; key order counts. */
export function firstDifference(actual: unknown, expected: unknown, path = ''): string | null {
  const at = path || '(root)';
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at}: ${JSON.stringify(actual)?.slice(0, 80)} vs a list`;
    if (actual.length !== expected.length) return `${at}: ${actual.length} items vs ${expected.length}`;
    for (let i = 0; i < expected.length; i += 1) {
      const d = firstDifference(actual[i], expected[i], `${path}.${i}`);
      if (d) return d;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${at}: ${JSON.stringify(actual)?.slice(0, 80)} vs an object`;
    const keys = Object.keys(expected);
    const actualKeys = Object.keys(actual);
    if (keys.join(',') !== actualKeys.join(',')) return `${at}: keys ${actualKeys.join(',')} vs ${keys.join(',')}`;
    for (const key of keys) {
      const d = firstDifference((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      if (d) return d;
    }
    return null;
  }
  return actual === expected ? null : `${at}: ${JSON.stringify(actual)?.slice(0, 80)} vs ${JSON.stringify(expected)?.slice(0, 80)}`;
}
