/**
 * Two gateway replicas (GATEWAY_WORKERS=2, node:cluster on one port) sharing one audit chain in
 * PostgreSQL. One replica is killed with kill -9 under load: every answered request has its record,
 * the chain verifies, and the other replica keeps serving (the primary also starts a replacement).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../common/project-root';
import { queryAuditLog } from '../../gateway/audit/query-audit';
import { startStack, type Stack } from '../../scripts/stack';
import { loadPolicies } from '../../policies/load-policies';
import { createTestDatabase, describePostgres, type TestDatabase } from '../helpers/postgres';
import { PROFILE_QUERY } from '../helpers/queries';
import { seededDataDir, type SeededDataDir } from '../helpers/seeded-data-dir';
import { createTestKeys, type TestKeys } from '../helpers/test-keys';

const run = promisify(execFile);

describePostgres('two gateway replicas sharing the audit log in PostgreSQL', () => {
  let data: SeededDataDir;
  let keys: TestKeys;
  let database: TestDatabase;
  let stack: Stack;

  beforeAll(async () => {
    data = seededDataDir(60, 17);
    keys = await createTestKeys();
    database = await createTestDatabase();
    stack = await startStack({ dataDir: data.dataDir, ports: 'free', env: keys.env, gateways: 2, gatewayEnv: { AUDIT_DATABASE_URL: database.url } });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
    data?.remove();
  });

  it('a replica killed with kill -9 under load loses no record of an answered request; the other keeps serving', async () => {
    const pids = /workers: (\d+), (\d+)/.exec(stack.gateway.startOutput)!.slice(1).map(Number);
    expect(pids).toHaveLength(2);
    const [victim, survivor] = pids as [number, number];
    const consumer = loadPolicies().consumers.get('joint-conference')!;
    const token = await keys.sign({ scope: consumer.scopes.join(' '), azp: 'joint-conference', sub: 'officer-2', purpose: 'JOINT_SUPERVISION_REPORT' });
    const answered: string[] = [];
    let answeredAfterKill = 0;
    let killed = false;
    let failed = 0;
    const reasons = new Set<string>();
    const send = async (i: number) => {
      try {
        const response = await fetch(stack.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: PROFILE_QUERY, variables: { uscc: data.institutions[i % 60]!.uscc } }),
          // A request stuck on the killed replica counts as unanswered instead of stalling the test (a
          // connection the cluster primary handed to the worker as it died is never answered).
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await response.json()) as { errors?: unknown };
        if (response.status !== 200 || body.errors) throw new Error(`HTTP ${response.status}`);
        answered.push(response.headers.get('x-request-id')!);
        if (killed) answeredAfterKill += 1;
        if (answered.length === 80 && !killed) {
          killed = true;
          process.kill(victim, 'SIGKILL');
        }
      } catch (error) {
        failed += 1; // a request on the killed replica's connection: never answered
        reasons.add(String((error as Error).cause ?? (error as Error).message));
      }
    };
    // Bounded load: 12 waves of 20 concurrent requests.
    for (let wave = 0; wave < 12; wave += 1) await Promise.all(Array.from({ length: 20 }, (_, i) => send(wave * 20 + i)));
    expect(killed).toBe(true);
    expect(answeredAfterKill).toBeGreaterThanOrEqual(100);
    // Only the requests in flight on the killed replica's connections may fail.
    if (failed >= 40) throw new Error(`${failed} requests failed: ${[...reasons].join('; ')}`);
    expect(() => process.kill(survivor, 0)).not.toThrow();

    const { stdout } = await run(process.execPath, [join(PROJECT_ROOT, 'dist/scripts/audit.js'), 'verify', '--database-url', database.url, '--key', join(data.dataDir, 'audit', 'audit-signing.public.jwk.json')]);
    expect(stdout).toMatch(/^audit log OK: \d+ records/);
    const recorded = new Set((await queryAuditLog({ kind: 'postgres', url: database.url }, { consumer: 'joint-conference' }, 100_000)).map((r) => r.requestId));
    for (const id of answered) expect(recorded.has(id)).toBe(true);
    for (const op of await queryAuditLog({ kind: 'postgres', url: database.url }, { consumer: 'joint-conference' }, 100_000)) expect(op.fetches).toBe(5);
  }, 150_000);
});
