import { performance } from 'node:perf_hooks';
import { buildApp } from '../../subgraphs/build-app';
import { createTokenVerifier } from '../../common/auth/token-verifier';
import { resolveAuthConfig } from '../../common/auth/auth-config';
import { createTestKeys } from '../helpers/test-keys';
import { seededDataDir } from '../helpers/seeded-data-dir';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

/**
 * Latency of one command over real HTTP (one transaction: idempotency lookup, region and version
 * check, update, projection, event append, stored answer): a national officer suspends and resumes
 * enrolment at 100 institutions in turn, N commands in all. Prints p50/p99 and CPU per command.
 */
async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 400);
  const data = seededDataDir(3000, 2019);
  const keys = await createTestKeys();
  const app = buildApp({ agency: 'education', dataDir: data.dataDir, tokenVerifier: createTokenVerifier(resolveAuthConfig(keys.env)), gatewayProof: null });
  const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/graphql`;
  // Round-robin over many institutions, so each record's history stays as short as in real use.
  const targets = data.institutions.filter((i) => i.risk === 'GOOD').slice(0, 100);
  const versions = new Map(targets.map((t) => [t.uscc, 3]));
  const token = await keys.sign({ scope: 'education:filing:write', azp: 'moe-supervision-platform', sub: 'bench', region: '000000' }, { expiresIn: '1h' });
  const query = 'mutation($input: RegulatoryTransitionInput!) { transitionRegulatoryStatus(input: $input) { state version } }';
  const timings: number[] = [];
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < rounds; i += 1) {
    const target = targets[i % targets.length]!;
    const version = versions.get(target.uscc)!;
    const command = version % 2 === 1 ? 'SUSPEND_ENROLMENT' : 'RESUME_ENROLMENT';
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables: { input: { uscc: target.uscc, command, expectedVersion: version, idempotencyKey: `bench-${process.pid}-${i}`, legalBasis: 'Order 53', decisionDocNo: `B-${i}` } } }),
    });
    const body = (await response.json()) as { errors?: unknown[] };
    timings.push(performance.now() - started);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    versions.set(target.uscc, version + 1);
  }
  const cpu = process.cpuUsage(cpuStart);
  timings.sort((a, b) => a - b);
  const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!.toFixed(2);
  process.stdout.write(`command latency over HTTP, education subgraph direct, ${rounds} commands: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, CPU ${((cpu.user + cpu.system) / 1000 / rounds).toFixed(2)} ms per command (client and server in one process)\n`);
  await app.close();
  data.remove();
}

void main();
