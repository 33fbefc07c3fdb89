import type { FastifyInstance } from 'fastify';
import { makeUscc } from '../../../common/identifiers';
import { eventHash, GENESIS_HASH } from '../../../subgraphs/shared/commands/event-chain';
import { createCommandHarness, gql, idempotencyKey, type GraphQLResult } from '../../helpers/command-harness';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';
import { describeBackends, testStores, type TestStores } from '../../helpers/test-stores';

const FILING = ['education:filing:write'];
const TRANSITION = 'mutation T($input: RegulatoryTransitionInput!) { transitionRegulatoryStatus(input: $input) { state version } }';
const SUBMIT = 'mutation S($input: SubmitFilingInput!) { submitFiling(input: $input) { state version } }';
const ROUNDS = 12;

/**
 * Two replicas of the education subgraph, each with its own connections, on one store: commands
 * racing on the same record from both must behave as if run one after the other. One wins, the
 * other is CONFLICT (or REPLAYED for the same key); the hash chain stays one unbroken line with
 * no sequence number taken twice; nothing half-written is left by the loser.
 */
describeBackends('concurrent commands from two replicas on one store', (backend) => {
  let data: SeededDataDir;
  let stores: TestStores;
  let harness: Awaited<ReturnType<typeof createCommandHarness>>;
  let replicas: FastifyInstance[];
  let province: string;
  let county: string;
  let bodies = 0;
  const newUscc = () => makeUscc('9', '1', '110108', `MA0R${String((bodies += 1)).padStart(4, '0')}`);

  beforeAll(async () => {
    data = seededDataDir(20, 4);
    stores = testStores(backend, data.dataDir);
    await stores.publish(['education']);
    harness = await createCommandHarness();
    replicas = [harness.app('education', stores.location('education')), harness.app('education', stores.location('education'))];
    await Promise.all(replicas.map((app) => app.ready()));
    province = await harness.token({ scopes: FILING, region: '110000', agency: 'edu-110000', sub: 'officer-p' });
    county = await harness.token({ scopes: FILING });
  }, 60_000);
  afterAll(async () => {
    for (const app of replicas ?? []) await app.close();
    await stores?.close();
    data?.remove();
  });

  const submit = (app: FastifyInstance, uscc: string, key = idempotencyKey('submit')) => gql(app, SUBMIT, { input: {
    uscc, name: '北京并发测试在线教育有限公司', regionCode: '110108', regionName: '北京市海淀区', kind: 'LANGUAGE_TRAINING', nonProfit: false,
    idempotencyKey: key, expectedVersion: 0,
  } }, county);
  const step = (app: FastifyInstance, uscc: string, command: string, version: number, extra: Record<string, unknown> = {}, key = idempotencyKey(command)) =>
    gql(app, TRANSITION, { input: { uscc, command, expectedVersion: version, idempotencyKey: key, ...extra } }, province);
  const all = <R>(text: string, params?: Record<string, string>) => stores.db('education').prepare<R>(text).all(params);

  it('lets exactly one of two conflicting decisions on the same record win, replica against replica', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const uscc = newUscc();
      expect((await submit(replicas[0]!, uscc)).errors).toBeUndefined();
      expect((await step(replicas[1]!, uscc, 'START_REVIEW', 1)).errors).toBeUndefined();
      const [a, b] = await Promise.all([
        step(replicas[0]!, uscc, 'APPROVE', 2, { legalBasis: '民办教育促进法 第十二条', decisionDocNo: `京教审〔2026〕${round}号`, permitNo: `教民${round}` }),
        step(replicas[1]!, uscc, 'REJECT', 2, { legalBasis: '民办教育促进法 第十四条', decisionDocNo: `京教审〔2026〕${round}号` }),
      ]);
      const won = [a, b].filter((r) => !r.errors);
      const lost = [a, b].filter((r) => r.errors);
      expect(won).toHaveLength(1);
      expect(lost[0]!.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 3, expectedVersion: 2 });
      const [record] = await all<{ state: string; version: number }>("SELECT state, version FROM state_records WHERE kind = 'regulatory-status' AND id = @uscc", { uscc });
      expect(record).toEqual({ state: won[0]!.data!.transitionRegulatoryStatus.state, version: 3 });
      const events = await all<{ version: number }>("SELECT version FROM events WHERE record_kind = 'regulatory-status' AND record_id = @uscc ORDER BY seq", { uscc });
      expect(events.map((e) => e.version)).toEqual([1, 2, 3]);
      // The loser's projection (a permit or a list status) was rolled back with its command.
      const [filing] = await all<{ permitNo: string | null }>('SELECT permit_no AS "permitNo" FROM filings WHERE uscc = @uscc', { uscc });
      expect(filing!.permitNo).toBe(record!.state === 'APPROVED' ? `教民${round}` : null);
      outcomes.push(record!.state);
    }
    expect(outcomes).toHaveLength(ROUNDS);
  });

  it('answers the same idempotency key sent to both replicas at once with one transition and the same answer', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const uscc = newUscc();
      const key = idempotencyKey('twice');
      const [a, b]: GraphQLResult[] = await Promise.all([submit(replicas[0]!, uscc, key), submit(replicas[1]!, uscc, key)]);
      expect(a.errors).toBeUndefined();
      expect(b).toEqual(a);
      const events = await all("SELECT seq FROM events WHERE record_kind = 'regulatory-status' AND record_id = @uscc", { uscc });
      expect(events).toHaveLength(1);
    }
  });

  it('keeps one unbroken hash chain while both replicas append to it at once', async () => {
    const usccs = Array.from({ length: ROUNDS }, () => newUscc());
    // Unrelated records, both replicas at once: the only thing they share is the head of the chain.
    const answers = await Promise.all(usccs.map((uscc, i) => submit(replicas[i % 2]!, uscc)));
    expect(answers.filter((r) => r.errors)).toEqual([]);
    const rows = await all<Record<string, any>>('SELECT * FROM events ORDER BY seq');
    let prev = GENESIS_HASH;
    rows.forEach((row, i) => {
      expect(row.seq).toBe(i + 1);
      expect(row.prev_hash).toBe(prev);
      expect(row.hash).toBe(eventHash(prev, row.seq, {
        recordKind: row.record_kind, recordId: row.record_id, uscc: row.uscc, regionCode: row.region_code, type: row.type, fromState: row.from_state,
        toState: row.to_state, version: row.version, actor: JSON.parse(row.actor), legalBasis: row.legal_basis, decisionDocNo: row.decision_doc_no,
        payload: JSON.parse(row.payload), occurredAt: row.occurred_at,
      }));
      prev = row.hash;
    });
    for (const uscc of usccs) expect(rows.filter((r) => r.record_id === uscc)).toHaveLength(1);
  });
});
