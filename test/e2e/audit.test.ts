import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { PROJECT_ROOT } from '../../common/project-root';
import { startProcess, startStack, stopProcess, type Stack } from '../../scripts/stack';
import { loadPolicies } from '../../policies/load-policies';
import { PROFILE_QUERY } from '../helpers/queries';
import { seededDataDir, type SeededDataDir } from '../helpers/seeded-data-dir';
import { describeBackends, testStores, type TestStores } from '../helpers/test-stores';
import { createTestKeys, type TestKeys } from '../helpers/test-keys';

const run = promisify(execFile);

interface Row { seq: number; type: string; request_id: string; consumer: string | null; purpose: string | null; outcome: string; body: string }

describeBackends('the audit trail of a running gateway', (backend) => {
  let stores: TestStores;
  let data: SeededDataDir;
  let keys: TestKeys;
  let stack: Stack;
  const policies = loadPolicies();
  const auditFile = () => join(data.dataDir, 'audit', 'audit.sqlite');
  const rows = (sql: string, ...params: unknown[]): Row[] => {
    const db = new Database(auditFile(), { readonly: true });
    try {
      return db.prepare(sql).all(...params) as Row[];
    } finally {
      db.close();
    }
  };
  const verify = () => run(process.execPath, [join(PROJECT_ROOT, 'dist/scripts/audit.js'), 'verify', '--file', auditFile()]);
  const tokenFor = (consumer: string, claims: Record<string, unknown> = {}) =>
    keys.sign({ scope: policies.consumers.get(consumer)!.scopes.join(' '), azp: consumer, sub: 'officer-7', ...claims });

  beforeAll(async () => {
    data = seededDataDir(100, 13);
    stores = testStores(backend, data.dataDir);
    await stores.publish();
    keys = await createTestKeys();
    stack = await startStack({ dataDir: data.dataDir, agencyDatabaseUrl: stores.agencyDatabaseUrl, ports: 'free', env: keys.env });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await stores?.close();
    data?.remove();
  });

  it('records each of many concurrent requests exactly once, with its subgraph fetches linked', async () => {
    const usccs = data.institutions.slice(0, 40).map((i) => i.uscc);
    const token = await tokenFor('moe-supervision-platform');
    const responses = await Promise.all(usccs.map((uscc) =>
      fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'SUPERVISION_INSPECTION' },
        body: JSON.stringify({ query: PROFILE_QUERY, variables: { uscc } }),
      })));
    const ids = responses.map((r) => r.headers.get('x-request-id')!);
    expect(new Set(ids).size).toBe(40);
    const operations = rows(`SELECT * FROM audit_log WHERE type = 'operation' AND request_id IN (SELECT value FROM json_each(?))`, JSON.stringify(ids));
    expect(operations).toHaveLength(40);
    const usccOf = new Map(ids.map((id, i) => [id, usccs[i]]));
    for (const op of operations) {
      expect(op.consumer).toBe('moe-supervision-platform');
      expect(op.purpose).toBe('SUPERVISION_INSPECTION');
      const body = JSON.parse(op.body);
      expect(body.fieldsServed).toEqual(expect.arrayContaining(['Institution.name', 'MarketRegistration.legalName', 'PrepaidCustody.mode']));
      expect(body.subgraphs.map((s: { subgraph: string }) => s.subgraph).sort()).toEqual(['credit', 'education', 'finance', 'ip', 'market']);
      for (const call of body.subgraphs as { requestHash: string; responseHash: string; outcome: string; durationMs: number; usccs: string[] }[]) {
        expect(call.requestHash).toMatch(/^[0-9a-f]{64}$/);
        expect(call.responseHash).toMatch(/^[0-9a-f]{64}$/);
        expect(call.outcome).toBe('OK');
        expect(call.durationMs).toBeGreaterThan(0);
      }
      // The root fetch finds the institution by its argument; each entity fetch asks about it by key.
      const byName = Object.fromEntries((body.subgraphs as { subgraph: string; usccs: string[] }[]).map((s) => [s.subgraph, s.usccs]));
      for (const name of ['market', 'credit', 'ip', 'finance']) expect(byName[name]).toEqual([usccOf.get(op.request_id)]);
    }
    // One record per request: nothing but the 40 operation records (and checkpoints) was written for them.
    expect((rows(`SELECT count(*) AS n FROM audit_log WHERE request_id IN (SELECT value FROM json_each(?))`, JSON.stringify(ids))[0] as unknown as { n: number }).n).toBe(40);
    const byUscc = rows(`SELECT l.* FROM audit_uscc u JOIN audit_log l ON l.seq = u.seq WHERE u.uscc = ? AND l.type = 'operation'`, usccs[3]);
    expect(byUscc.map((r) => r.request_id)).toContain(ids[3]);
    await expect(verify()).resolves.toMatchObject({ stdout: expect.stringMatching(/^audit log OK/) });
  });

  it('records denied fields with their reason, token rejections with jose\'s reason, and anonymous callers only as a keyed hash', async () => {
    const uscc = data.institutions[0]!.uscc;
    const query = 'query($u: USCC!) { institution(uscc: $u) { name complaints(first: 1) { status } } }';
    const token = await tokenFor('moe-supervision-platform');
    const noPurpose = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables: { u: uscc } }) });
    const anonymous = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { u: uscc } }) });
    const expired = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await keys.sign({}, { expiresIn: '-10m' })}` }, body: JSON.stringify({ query, variables: { u: uscc } }) });
    const bodyOf = (response: Response) => JSON.parse(rows('SELECT * FROM audit_log WHERE request_id = ? AND type = ?', response.headers.get('x-request-id'), 'operation')[0]!.body);
    expect(bodyOf(noPurpose).fieldsDenied).toEqual([{ coordinate: 'Institution.complaints', path: 'institution.complaints.@', reason: 'MISSING_PURPOSE' }]);
    expect(bodyOf(anonymous).fieldsDenied).toEqual([{ coordinate: 'Institution.complaints', path: 'institution.complaints.@', reason: 'NOT_AUTHENTICATED' }]);
    expect(bodyOf(anonymous).clientHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(bodyOf(anonymous))).not.toContain('127.0.0.1');
    expect(expired.status).toBe(401);
    expect(bodyOf(expired).tokenRejection).toBe('ERR_JWT_EXPIRED');
    const samr = await tokenFor('samr-market-supervision');
    const otherScope = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${samr}`, 'x-purpose': 'SUPERVISION_INSPECTION' }, body: JSON.stringify({ query: 'query($u: USCC!) { institution(uscc: $u) { inspections(first: 1) { result } } }', variables: { u: uscc } }) });
    expect(bodyOf(otherScope).fieldsDenied[0].reason).toBe('MISSING_SCOPE');
  });

  it('survives kill -9 in the middle of a burst: the chain verifies and every answered request has its record', async () => {
    // A second gateway over the same subgraphs and its own audit folder, so killing it spares the shared stack.
    const gateway = await startProcess('gateway-victim', join(PROJECT_ROOT, 'dist/gateway/main.js'), [], {
      ...stack.env,
      PORT: '0',
      AUDIT_DIR: join(data.dataDir, 'audit-victim'),
      SUBGRAPH_URLS: [...stack.subgraphs.values()].map((p) => `${p.name}=${p.url}/graphql`).join(','),
    }, false);
    const url = `${gateway.url}/graphql`;
    const token = await tokenFor('joint-conference', { purpose: 'JOINT_SUPERVISION_REPORT' });
    const answered: string[] = [];
    let killed = false;
    const send = async (i: number) => {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: PROFILE_QUERY, variables: { uscc: data.institutions[i % 100]!.uscc } }),
        });
        const body = (await response.json()) as { errors?: unknown[] };
        // A full answer: the subgraphs accepted the victim's signed calls.
        if (response.status === 200 && !body.errors) answered.push(response.headers.get('x-request-id')!);
        if (answered.length === 60 && !killed) {
          killed = true;
          gateway.child.kill('SIGKILL');
        }
      } catch {
        // Connection reset by the kill: this request was never answered.
      }
    };
    const waves = Array.from({ length: 10 }, (_, w) => Array.from({ length: 30 }, (_, i) => w * 30 + i));
    for (const wave of waves) await Promise.all(wave.map(send));
    await stopProcess(gateway);
    expect(killed).toBe(true);
    expect(answered.length).toBeGreaterThanOrEqual(60);
    const file = join(data.dataDir, 'audit-victim', 'audit.sqlite');
    const { stdout } = await run(process.execPath, [join(PROJECT_ROOT, 'dist/scripts/audit.js'), 'verify', '--file', file, '--key', join(data.dataDir, 'audit-victim', 'audit-signing.public.jwk.json')]);
    expect(stdout).toMatch(/^audit log OK/);
    const db = new Database(file, { readonly: true });
    const recorded = new Set((db.prepare(`SELECT request_id FROM audit_log WHERE type = 'operation'`).all() as { request_id: string }[]).map((r) => r.request_id));
    db.close();
    for (const id of answered) expect(recorded.has(id)).toBe(true);
  }, 60_000);
});
