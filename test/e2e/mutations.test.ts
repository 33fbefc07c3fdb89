import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startStack, type Stack } from '../../scripts/stack';
import { loadPolicies } from '../../policies/load-policies';
import { postGraphQL } from '../helpers/graphql-client';
import { seededDataDir, type SeededDataDir } from '../helpers/seeded-data-dir';
import { describeBackends, testStores, type TestStores } from '../helpers/test-stores';
import { createTestKeys, type TestKeys } from '../helpers/test-keys';

const USCC = '91110108MA01WR1TXL';

describeBackends('the agencies\' commands as mutations through the running gateway', (backend) => {
  let stores: TestStores;
  let data: SeededDataDir;
  let keys: TestKeys;
  let stack: Stack;
  let officer: Record<string, string>;
  const policies = loadPolicies();
  const operations = (): { body: string; outcome: string; consumer: string | null }[] => {
    const db = new Database(join(data.dataDir, 'audit', 'audit.sqlite'), { readonly: true });
    try {
      return db.prepare("SELECT body, outcome, consumer FROM audit_log WHERE type = 'operation' ORDER BY seq").all() as { body: string; outcome: string; consumer: string | null }[];
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    data = seededDataDir(40, 21);
    stores = testStores(backend, data.dataDir);
    await stores.publish();
    keys = await createTestKeys();
    stack = await startStack({ dataDir: data.dataDir, agencyDatabaseUrl: stores.agencyDatabaseUrl, ports: 'free', env: keys.env });
    const consumer = policies.consumers.get('moe-supervision-platform')!;
    const token = await keys.sign({ scope: consumer.scopes.join(' '), azp: consumer.id, sub: 'officer-7', region: '110000', agency: 'edu-110000' });
    officer = { authorization: `Bearer ${token}` };
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await stores?.close();
    data?.remove();
  });

  it('files an institution and moves it through review, in order, with every step audited', async () => {
    const { status, body } = await postGraphQL(
      stack.gatewayUrl,
      `mutation File {
        filed: submitFiling(input: { uscc: "${USCC}", name: "北京示例在线教育科技有限公司", regionCode: "110108", regionName: "北京市海淀区", kind: LANGUAGE_TRAINING, nonProfit: false, expectedVersion: 0, idempotencyKey: "e2e-0001" }) { state version }
        review: transitionRegulatoryStatus(input: { uscc: "${USCC}", command: START_REVIEW, expectedVersion: 1, idempotencyKey: "e2e-0002" }) { state version }
      }`,
      {},
      officer,
    );
    expect(status).toBe(200);
    expect(body).toEqual({ data: { filed: { state: 'SUBMITTED', version: 1 }, review: { state: 'UNDER_REVIEW', version: 2 } } });
    const record = operations().at(-1)!;
    expect(record.consumer).toBe('moe-supervision-platform');
    expect(JSON.parse(record.body)).toMatchObject({
      operationType: 'mutation',
      mutationFields: [
        { field: 'Mutation.submitFiling', responseKey: 'filed', outcome: 'SUCCEEDED' },
        { field: 'Mutation.transitionRegulatoryStatus', responseKey: 'review', outcome: 'SUCCEEDED' },
      ],
    });
  });

  it('passes a subgraph\'s refusal on with its code, and stops the mutation there (the field is non-null)', async () => {
    const { body } = await postGraphQL(
      stack.gatewayUrl,
      `mutation {
        stale: transitionRegulatoryStatus(input: { uscc: "${USCC}", command: APPROVE, expectedVersion: 1, legalBasis: "民办教育促进法 第十二条", decisionDocNo: "海教审〔2026〕12号", permitNo: "教民110108000000012号", idempotencyKey: "e2e-0003" }) { state }
        never: transitionRegulatoryStatus(input: { uscc: "${USCC}", command: APPROVE, expectedVersion: 2, legalBasis: "民办教育促进法 第十二条", decisionDocNo: "海教审〔2026〕12号", permitNo: "教民110108000000012号", idempotencyKey: "e2e-0004" }) { state }
      }`,
      {},
      officer,
    );
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([expect.objectContaining({ path: ['stale'], extensions: expect.objectContaining({ code: 'CONFLICT', serviceName: 'education' }) })]);
    expect(JSON.parse(operations().at(-1)!.body).mutationFields.map((f: { outcome: string }) => f.outcome)).toEqual(['FAILED', 'NOT_EXECUTED']);
    // The second approval never ran: the record is still under review.
    const profile = await postGraphQL<{ institution: { regulatoryStatus: { state: string } } }>(stack.gatewayUrl, `{ institution(uscc: "${USCC}") { regulatoryStatus { state } } }`, {}, officer);
    expect(profile.body.data!.institution.regulatoryStatus.state).toBe('UNDER_REVIEW');
  });

  it('takes a complaint from the public without a token, and refuses a command without one', async () => {
    const complaint = await postGraphQL<{ submitComplaint: { trackingNo: string } }>(
      stack.gatewayUrl,
      `mutation { submitComplaint(input: { idempotencyKey: "e2e-complaint-1", respondentUscc: "${USCC}", category: REFUND, facts: "申请退费三十日未到账。", complainantName: "李小明", complainantPhone: "13912345678" }) { trackingNo } }`,
    );
    expect(complaint.body.errors).toBeUndefined();
    expect(complaint.body.data!.submitComplaint.trackingNo).toMatch(/^TS/);
    const anonymousCommand = await postGraphQL(stack.gatewayUrl, `mutation { transitionRegulatoryStatus(input: { uscc: "${USCC}", command: START_TERMINATION, expectedVersion: 2, legalBasis: "民办教育促进法 第五十六条", idempotencyKey: "e2e-0005" }) { state } }`);
    expect(anonymousCommand.body).toEqual({
      errors: [{ message: 'Unauthorized field or type', path: ['transitionRegulatoryStatus'], extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } }],
      data: null,
    });
    expect(JSON.stringify(operations())).not.toContain('13912345678');
  });
});
