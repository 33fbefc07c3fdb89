/**
 * A clean stop (SIGTERM, as an orchestrator sends it): /ready turns 503 while the gateway still
 * serves, the request in flight is answered, the audit worker finishes and re-signs the head anchor,
 * then the process exits 0. `audit verify` then reports no unanchored tail: no crash that never happened.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../common/project-root';
import { startProcess, startStack, stopProcess, type RunningProcess, type Stack } from '../../scripts/stack';
import { verifyAuditLog } from '../../gateway/audit/verify-audit';
import { loadPolicies } from '../../policies/load-policies';
import { PROFILE_QUERY } from '../helpers/queries';
import { seededDataDir, type SeededDataDir } from '../helpers/seeded-data-dir';
import { describeBackends, testStores, type TestStores } from '../helpers/test-stores';
import { createTestKeys, type TestKeys } from '../helpers/test-keys';

/** Forwards to a real subgraph, holding each answer back for `delayMs`: a slow agency. */
function slowProxy(target: string, delayMs: number): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', async () => {
      await new Promise((r) => setTimeout(r, delayMs));
      try {
        // Every header passes (the token, the gateway's proof), as a network hop would pass them.
        const headers = Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)) as [string, string][];
        const upstream = await fetch(target, { method: 'POST', headers, body: Buffer.concat(chunks) });
        response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(Buffer.from(await upstream.arrayBuffer()));
      } catch {
        response.writeHead(502).end();
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    resolve({ url: `http://127.0.0.1:${address.port}/graphql`, server });
  }));
}

describeBackends('a gateway stopped with SIGTERM', (backend) => {
  let stores: TestStores;
  let data: SeededDataDir;
  let keys: TestKeys;
  let stack: Stack;
  let slow: { url: string; server: Server };

  beforeAll(async () => {
    data = seededDataDir(50, 21);
    stores = testStores(backend, data.dataDir);
    await stores.publish();
    keys = await createTestKeys();
    stack = await startStack({ dataDir: data.dataDir, agencyDatabaseUrl: stores.agencyDatabaseUrl, ports: 'free', env: keys.env });
    slow = await slowProxy(`${stack.subgraphs.get('ip')!.url}/graphql`, 1500);
  }, 120_000);

  const victims: RunningProcess[] = [];

  afterAll(async () => {
    await Promise.all(victims.map((p) => stopProcess(p, 'SIGKILL')));
    await stack?.stop();
    slow?.server.close();
    await stores?.close();
    data?.remove();
  });

  it('turns /ready 503, answers the request in flight, re-signs the head anchor and exits 0', async () => {
    const auditDir = join(data.dataDir, 'audit-drain');
    const gateway = await startProcess('gateway-drain', join(PROJECT_ROOT, 'dist/gateway/main.js'), [], {
      ...stack.env,
      PORT: '0',
      AUDIT_DIR: auditDir,
      SHUTDOWN_DELAY_MS: '600',
      SUBGRAPH_URLS: [...stack.subgraphs.values()].map((p) => `${p.name}=${p.name === 'ip' ? slow.url : `${p.url}/graphql`}`).join(','),
    }, false);
    victims.push(gateway);
    const base = gateway.url;
    const consumer = loadPolicies().consumers.get('joint-conference')!;
    const token = await keys.sign({ scope: consumer.scopes.join(' '), azp: 'joint-conference', sub: 'officer-1', purpose: 'JOINT_SUPERVISION_REPORT' });
    const ask = (uscc: string) => fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: PROFILE_QUERY, variables: { uscc } }),
    });
    // Enough records that the throttled anchor lags the tail at the moment of the signal.
    const warmup = await Promise.all(data.institutions.slice(0, 20).map((i) => ask(i.uscc)));
    expect(warmup.every((r) => r.status === 200)).toBe(true);
    expect(await (await fetch(`${base}/ready`)).json()).toMatchObject({ status: 'ready' });

    const exited = new Promise<number | null>((resolve) => gateway.child.once('exit', (code) => resolve(code)));
    const inFlight = ask(data.institutions[30]!.uscc);
    await new Promise((r) => setTimeout(r, 300));
    gateway.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 150));

    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'draining' });
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { data: { institution: { patents: unknown[] } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(Array.isArray(body.data.institution.patents)).toBe(true);
    expect(await exited).toBe(0);

    const publicJwk = JSON.parse(readFileSync(join(auditDir, 'audit-signing.public.jwk.json'), 'utf8'));
    const result = await verifyAuditLog({ kind: 'sqlite', file: join(auditDir, 'audit.sqlite') }, publicJwk);
    // 21 operations, one record each, every one inside the signed head anchor.
    expect(result).toEqual({ ok: true, records: 21, checkpoints: 0, unanchored: 0 });
  }, 60_000);
});
