import Database from 'better-sqlite3';
import { chinaToday } from '../../../common/china-day';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../common/project-root';
import { postGraphQL } from '../../helpers/graphql-client';
import { startInProcessGateway, type InProcessGateway } from '../../helpers/in-process-gateway';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';
import { createTestKeys, type TestKeys } from '../../helpers/test-keys';
import { loadPolicies } from '../../../policies/load-policies';

interface AccessLog {
  uscc: string;
  accesses: { time: string; consumer: string; system: string; purpose: string | null; fields: string[]; outcome: string; officer?: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  anonymousReadsByDay: { day: string; reads: number }[];
}

/**
 * "Who looked at my data": an institution authenticated as itself reads, from the gateway's audit
 * log, every access to its data — when, which agency system, under which purpose, which fields —
 * and never the officer; only its own USCC; anonymous reads summarised by day.
 */
describe('an institution\'s access log', () => {
  let data: SeededDataDir;
  let keys: TestKeys;
  let stack: InProcessGateway;
  const policies = loadPolicies();
  const tokenOf = (id: string, claims: Record<string, unknown> = {}) =>
    keys.sign({ scope: policies.consumers.get(id)!.scopes.join(' '), azp: id, sub: `${id}:officer-7`, ...claims });
  const read = async (token: string | null, query = '') => {
    const response = await fetch(`${stack.origin}/access-log${query}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
    return {
      status: response.status,
      requestId: response.headers.get('x-request-id')!,
      body: (await response.json()) as AccessLog & { errors?: { extensions: { code: string; reason?: string } }[] },
    };
  };
  /** The operation record the audit holds for a request, and the USCCs it is indexed under. */
  const auditRecord = (requestId: string) => {
    const db = new Database(stack.auditFile, { readonly: true });
    try {
      const row = db.prepare("SELECT seq, consumer, outcome, body FROM audit_log WHERE request_id = ? AND type = 'operation'").get(requestId) as
        { seq: number; consumer: string | null; outcome: string; body: string } | undefined;
      if (!row) return undefined;
      const usccs = (db.prepare('SELECT uscc FROM audit_uscc WHERE seq = ?').all(row.seq) as { uscc: string }[]).map((u) => u.uscc);
      return { consumer: row.consumer, outcome: row.outcome, usccs, body: JSON.parse(row.body) as Record<string, unknown> };
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    data = seededDataDir(30, 11);
    keys = await createTestKeys();
    stack = await startInProcessGateway(data.dataDir, keys.env);
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    data?.remove();
  });

  it('lists every agency system\'s access with purpose and fields, summarises anonymous reads, and names no officer', async () => {
    const [mine, other] = data.institutions;
    const profile = 'query($u: USCC!) { institution(uscc: $u) { name filing { listStatus } complaints { category } } }';
    const moe = await tokenOf('moe-supervision-platform');
    expect((await postGraphQL(stack.gatewayUrl, profile, { u: mine!.uscc }, { authorization: `Bearer ${moe}`, 'x-purpose': 'COMPLAINT_HANDLING' })).body.errors).toBeUndefined();
    const ndrc = await tokenOf('ndrc-credit-platform');
    await postGraphQL(stack.gatewayUrl, 'query($u: USCC!) { institution(uscc: $u) { creditDishonestyListings { id } } }', { u: mine!.uscc }, { authorization: `Bearer ${ndrc}`, 'x-purpose': 'CREDIT_EVALUATION' });
    for (let i = 0; i < 3; i += 1) await postGraphQL(stack.gatewayUrl, 'query($u: USCC!) { institution(uscc: $u) { name } }', { u: mine!.uscc });
    await postGraphQL(stack.gatewayUrl, profile, { u: other!.uscc }, { authorization: `Bearer ${moe}`, 'x-purpose': 'COMPLAINT_HANDLING' });

    const token = await tokenOf('institution-self-service', { uscc: mine!.uscc, sub: 'institution-self-service:clerk-1' });
    const log = await read(token);
    expect(log.status).toBe(200);
    expect(log.body.uscc).toBe(mine!.uscc);
    expect(log.body.accesses.map((a) => [a.consumer, a.purpose])).toEqual([['ndrc-credit-platform', 'CREDIT_EVALUATION'], ['moe-supervision-platform', 'COMPLAINT_HANDLING']]);
    const moeAccess = log.body.accesses[1]!;
    expect(moeAccess.system).toBe(policies.consumers.get('moe-supervision-platform')!.name);
    expect(moeAccess.fields).toEqual(expect.arrayContaining(['Query.institution', 'Institution.complaints', 'Complaint.category']));
    expect(moeAccess.outcome).toBe('SERVED');
    expect(log.body.anonymousReadsByDay).toEqual([{ day: chinaToday(new Date()), reads: 3 }]);
    // Officers stay out, whatever their name looks like; the other institution's access is not there.
    expect(JSON.stringify(log.body)).not.toContain('officer-7');
    expect(log.body.accesses.every((a) => !('officer' in a))).toBe(true);

    // Reading the log is an access too, recorded before it was answered.
    const again = await read(token);
    expect(again.body.accesses[0]).toEqual(expect.objectContaining({ consumer: 'institution-self-service', purpose: 'ACCESS_TRANSPARENCY' }));
  });

  it('pages newest first with a cursor, and refuses a cursor it did not issue', async () => {
    const mine = data.institutions[0]!;
    const token = await tokenOf('institution-self-service', { uscc: mine.uscc });
    const all = (await read(token, '?first=100')).body.accesses;
    const pages: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { body: AccessLog } = await read(token, `?first=1${after ? `&after=${after}` : ''}`);
      pages.push(...page.body.accesses.map((a) => `${a.time}|${a.consumer}`));
      if (!page.body.pageInfo.hasNextPage) break;
      after = page.body.pageInfo.endCursor;
    }
    // Each page read adds a record of its own, newer than the ones it pages through: the older ones are the same.
    expect(pages.slice(-(all.length - 1))).toEqual(all.slice(1).map((a) => `${a.time}|${a.consumer}`));
    const bad = await read(token, '?after=bm9wZQ');
    expect([bad.status, bad.body.errors?.[0]?.extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
    const tooMany = await read(token, '?first=1000');
    expect(tooMany.status).toBe(400);
  });

  it('is for an institution as itself only', async () => {
    const mine = data.institutions[0]!;
    const agency = await read(await tokenOf('moe-supervision-platform', { uscc: mine.uscc }));
    expect([agency.status, agency.body.errors?.[0]?.extensions.reason]).toEqual([403, 'NOT_AN_INSTITUTION']);
    const noUscc = await read(await tokenOf('institution-self-service'));
    expect([noUscc.status, noUscc.body.errors?.[0]?.extensions.reason]).toEqual([403, 'NOT_AN_INSTITUTION']);
    const badUscc = await read(await tokenOf('institution-self-service', { uscc: '91110108MA01234567' }));
    expect(badUscc.status).toBe(403);
    const anonymous = await read(null);
    expect(anonymous.status).toBe(401);
    const forged = await read(`${(await tokenOf('institution-self-service', { uscc: mine.uscc })).slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    const badCursor = await read(await tokenOf('institution-self-service', { uscc: mine.uscc }), '?after=bm9wZQ');
    expect(badCursor.status).toBe(400);

    // Each refusal is audited before it is answered, under no institution's USCC (nothing was read):
    // who asked and why it was refused.
    const refusal = (status: number, code: string) => ({ usccs: [], body: expect.objectContaining({ operationType: 'access-log', status, errorCodes: [code] }) });
    expect(auditRecord(agency.requestId)).toEqual(expect.objectContaining({ consumer: 'moe-supervision-platform', outcome: 'REJECTED', ...refusal(403, 'FORBIDDEN') }));
    expect(auditRecord(noUscc.requestId)).toEqual(expect.objectContaining({ consumer: 'institution-self-service', outcome: 'REJECTED', ...refusal(403, 'FORBIDDEN') }));
    expect(auditRecord(anonymous.requestId)).toEqual(expect.objectContaining({ consumer: null, outcome: 'REJECTED', ...refusal(401, 'UNAUTHENTICATED') }));
    expect(auditRecord(anonymous.requestId)!.body.clientHash).toMatch(/^[0-9a-f]{64}$/);
    expect(auditRecord(forged.requestId)).toEqual(expect.objectContaining({ consumer: null, outcome: 'UNAUTHENTICATED', ...refusal(401, 'UNAUTHENTICATED') }));
    expect(auditRecord(forged.requestId)!.body.tokenRejection).toEqual(expect.any(String));
    expect(auditRecord(badCursor.requestId)).toEqual(expect.objectContaining({ consumer: 'institution-self-service', outcome: 'REJECTED', ...refusal(400, 'BAD_USER_INPUT') }));
  });

  it('gets its token from npm run token, which insists on a valid USCC for an institution', () => {
    const token = (args: string[]) => spawnSync(process.execPath, [join(PROJECT_ROOT, 'dist/scripts/token.js'), ...args], { encoding: 'utf8' });
    const missing = token(['--consumer', 'institution-self-service']);
    expect([missing.status, missing.stderr]).toEqual([2, expect.stringContaining('--uscc must be the institution\'s USCC')]);
    const invalid = token(['--consumer', 'institution-self-service', '--uscc', '91110108MA01234567']);
    expect(invalid.status).toBe(2);
    const agency = token(['--consumer', 'moe-supervision-platform', '--uscc', data.institutions[0]!.uscc]);
    expect([agency.status, agency.stderr]).toEqual([2, expect.stringContaining('is an agency system')]);
  });
});
