/**
 * Risk early warning and joint-conference reports at scale (issue #11), part of `npm run bench`:
 * a seeded world of `scale` institutions (100,000 full, 2,000 with --quick), the five subgraphs
 * and the gateway as processes, the risk engine and the report service in this process. Figures:
 * one full rerun of every rule (the first raises the alerts the data implies; the second, on the
 * same facts, raises none), a national and a provincial report, CPU seconds of the whole stack.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIntelService } from '../../intel/app';
import { resolveIntelConfig } from '../../intel/config';
import { loadPolicies } from '../../policies/load-policies';
import { startStack, type Stack } from '../../scripts/stack';
import { chinaToday } from '../../common/china-day';
import { seededDataDir } from '../helpers/seeded-data-dir';
import { createTestKeys } from '../helpers/test-keys';
import { processTreeCpuMs, waitReady } from './support';

export interface IntelBenchResult {
  readonly rows: string[][];
}

function stackCpuMs(stack: Stack): number {
  return [stack.gateway, ...stack.subgraphs.values()].reduce((sum, p) => sum + processTreeCpuMs(p.child.pid), 0);
}

export async function runIntelBenchmark(options: { scale: number; log: (line: string) => void }): Promise<IntelBenchResult> {
  const { log } = options;
  const rows: string[][] = [];
  const row = (...cells: (string | number)[]) => rows.push(cells.map(String));
  log(`intel: seeding ${options.scale} institutions`);
  const data = seededDataDir(options.scale, 2019);
  const keys = await createTestKeys();
  const dir = mkdtempSync(join(tmpdir(), 'edu-bench-intel-'));
  let stack: Stack | null = null;
  let intel: Awaited<ReturnType<typeof buildIntelService>> | null = null;
  try {
    stack = await startStack({ dataDir: data.dataDir, ports: 'free', env: { ...keys.env, RATE_LIMIT_REQUESTS: '100000000', RATE_LIMIT_COST: '100000000' } });
    await waitReady(stack.gateway.url);
    const policies = loadPolicies();
    const tokenOf = (id: string, claims: Record<string, unknown> = {}) =>
      keys.sign({ scope: policies.consumers.get(id)!.scopes.join(' '), azp: id, sub: `${id}:bench`, ...claims }, { expiresIn: '3h' });
    const tokenFile = join(dir, 'engine.token');
    writeFileSync(tokenFile, await tokenOf('risk-early-warning', { region: '000000', agency: 'joint-conference' }));
    intel = buildIntelService({ config: resolveIntelConfig({ ...keys.env, INTEL_GATEWAY_URL: stack.gatewayUrl, RISK_ENGINE_TOKEN_FILE: tokenFile, RISK_ENGINE_STATE_FILE: join(dir, 'state.json') }) });
    const origin = await intel.listen({ port: 0, host: '127.0.0.1' });

    for (const pass of ['first (raises)', 'again (same facts)']) {
      log(`intel: full rerun, ${pass}`);
      const cpu0 = stackCpuMs(stack);
      const own0 = process.cpuUsage();
      const t = performance.now();
      const run = await intel.riskEngine.runFull();
      const ms = performance.now() - t;
      const own = process.cpuUsage(own0);
      const cpuS = (stackCpuMs(stack) - cpu0 + (own.user + own.system) / 1000) / 1000;
      row(`full rerun of every rule, ${pass}`, `${(ms / 1000).toFixed(1)} s`, `${run.readRequests} pages`, `${run.findings} findings`, `${run.raised} raised`, `${(ms / run.institutions).toFixed(2)} ms/institution`, `CPU ${cpuS.toFixed(0)} s`);
      if (pass.startsWith('first')) {
        rows.push([`alerts by rule (${options.scale} institutions, seed 2019)`, Object.entries(run.byRule).map(([id, r]) => `${id}=${r.findings} (${r.red} RED)`).join(' ')]);
      }
    }

    const to = new Date(Date.parse(`${chinaToday(new Date())}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const conference = await tokenOf('joint-conference');
    for (const [label, region] of [['national report (CSV)', '000000'], ['province report 440000 (CSV)', '440000']] as const) {
      log(`intel: ${label}`);
      const cpu0 = stackCpuMs(stack);
      const t = performance.now();
      const response = await fetch(`${origin}/reports/joint-conference.csv?region=${region}&from=2025-01-01&to=${to}`, { headers: { authorization: `Bearer ${conference}` } });
      const body = Buffer.from(await response.arrayBuffer());
      const ms = performance.now() - t;
      if (response.status !== 200) throw new Error(`${label}: HTTP ${response.status} ${body.toString('utf8').slice(0, 300)}`);
      row(label, `${(ms / 1000).toFixed(1)} s`, `${body.length} bytes`, `hash ${response.headers.get('x-report-inputs-hash')!.slice(0, 12)}`, `stack CPU ${((stackCpuMs(stack) - cpu0) / 1000).toFixed(0)} s`);
    }
  } finally {
    await intel?.close();
    await stack?.stop();
    data.remove();
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows };
}
