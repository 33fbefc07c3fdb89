import type { FastifyInstance } from 'fastify';
import { makeUscc } from '../../../common/identifiers';
import type { AgencyName } from '../../../subgraphs/shared/agency';
import type { GatewayReader } from '../../../subgraphs/shared/commands/gateway-reader';
import { allowedCommands, machine, type Machine } from '../../../subgraphs/shared/commands/state-machine';
import type { AgencyDatabase } from '../../../subgraphs/shared/database';
import { createCommandHarness, gql, idempotencyKey } from '../../helpers/command-harness';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';
import { describeBackends, testStores, type TestStores } from '../../helpers/test-stores';

/**
 * Every state of every machine against every command its mutations offer: the allowed ones move
 * the record to the machine's target state, every other one is BAD_USER_INPUT naming the state
 * and what it allows; and every allowed one is first tried by officers of each administrative
 * level the rules do not name for it, who are refused (FORBIDDEN, LEVEL_NOT_ALLOWED) with nothing
 * written. Records are put in each state directly in the agency's database.
 */
interface MachineCase {
  readonly machine: string;
  readonly agency: AgencyName;
  readonly scopes: readonly string[];
  readonly consumer: string;
  /** The mutation for a command, its input and the id field; `sendsCommand` when the input names the command. */
  mutation(command: string): { field: string; inputType: string; input: (id: string) => Record<string, unknown>; sendsCommand?: boolean };
  /** Commands whose mutation creates the record from the machine's initial state. */
  readonly creates: readonly string[];
  /** The record's id and data in a state; the region is always 110108. */
  fixture(n: number, state: string): { id: string; uscc: string; data: Record<string, unknown>; dueOn?: string };
}

const LAW = { legalBasis: '依据', decisionDocNo: '文号〔2026〕1号' };
let counter = 0;
const fakeUscc = () => makeUscc('9', '1', '110108', `MA0X${String((counter += 1)).padStart(4, '0')}`);

function cases(realUscc: string): MachineCase[] {
  const edu = (field: string, inputType: string, idField: string, extra: Record<string, unknown> = {}) =>
    () => ({ field, inputType, input: (id: string) => ({ [idField]: id, ...LAW, ...extra }), sendsCommand: true });
  const transition = edu('transitionRegulatoryStatus', 'RegulatoryTransitionInput', 'uscc', { permitNo: '教民1' });
  return [
    {
      machine: 'REGULATORY_STATUS', agency: 'education', scopes: ['education:filing:write'], consumer: 'moe-supervision-platform',
      // submitFiling makes SUBMIT on a new record and REAPPLY on an existing one.
      mutation: (command) => command === 'SUBMIT' || command === 'REAPPLY'
        ? { field: 'submitFiling', inputType: 'SubmitFilingInput', input: (id) => ({ uscc: id, ...LAW, name: '测试在线教育', regionCode: '110108', regionName: '北京市海淀区', kind: 'LANGUAGE_TRAINING', nonProfit: false }) }
        : transition(),
      creates: ['SUBMIT'],
      fixture: () => { const uscc = fakeUscc(); return { id: uscc, uscc, data: { filingNo: 'F', permitNo: null, decisionDocNo: null } }; },
    },
    {
      machine: 'LIST_STATUS', agency: 'education', scopes: ['education:list:write'], consumer: 'moe-supervision-platform',
      mutation: edu('transitionListStatus', 'ListTransitionInput', 'uscc'),
      creates: ['LIST_WHITE', 'REMOVE_FROM_WHITE', 'RESTORE_WHITE', 'LIST_BLACK', 'REMOVE_FROM_BLACK'],
      fixture: () => { const uscc = fakeUscc(); return { id: uscc, uscc, data: { legalBasis: null, reason: null, listedOn: '2026-01-01' } }; },
    },
    {
      machine: 'RECTIFICATION_ORDER', agency: 'education', scopes: ['education:rectification:write'], consumer: 'moe-supervision-platform',
      mutation: edu('transitionRectificationOrder', 'RectificationTransitionInput', 'orderId', { evidence: ['整改报告 2026-001'] }),
      creates: [],
      fixture: (n) => ({ id: `RO-T${n}`, uscc: realUscc, data: { items: ['x'], issuedOn: '2020-01-01', evidence: [] }, dueOn: '2020-02-01' }),
    },
    {
      machine: 'INSPECTION', agency: 'education', scopes: ['education:inspection:write'], consumer: 'moe-supervision-platform',
      mutation: edu('transitionInspection', 'InspectionTransitionInput', 'taskId', { result: 'COMPLIANT', findings: '未发现违规情形' }),
      creates: [],
      fixture: (n) => ({ id: `IT-T${n}`, uscc: realUscc, data: { drawId: 'D', item: 'x', inspectors: ['a', 'b'], result: 'COMPLIANT', findings: 'f', inspectedOn: '2026-01-01', publishedOn: null } }),
    },
    {
      machine: 'NOTICE', agency: 'education', scopes: ['education:notice:write'], consumer: 'moe-supervision-platform',
      mutation: edu('transitionNotice', 'NoticeTransitionInput', 'noticeId'),
      creates: [],
      fixture: (n) => ({ id: `NT-T${n}`, uscc: realUscc, data: { audience: 'PUBLIC', kind: 'RISK_WARNING', title: 't', documentNo: 'd', issuedOn: '2026-01-01' } }),
    },
    {
      machine: 'COMPLAINT', agency: 'education', scopes: ['education:complaint:write'], consumer: 'moe-supervision-platform',
      mutation: edu('transitionComplaint', 'ComplaintTransitionInput', 'trackingNo', { detail: '结果' }),
      creates: [],
      fixture: (n) => ({ id: `TS-T${n}`, uscc: realUscc, data: { trackingNo: `TS-T${n}`, category: 'REFUND', facts: '退费', request: null, receivedOn: '2026-01-01', complainant: null } }),
    },
    {
      machine: 'VIOLATION_LEAD', agency: 'education', scopes: ['education:lead:write'], consumer: 'moe-supervision-platform',
      mutation: edu('transitionViolationLead', 'LeadTransitionInput', 'leadId', { outcome: 'NO_ACTION', detail: '经核查' }),
      creates: [],
      fixture: (n) => ({ id: `JB-T${n}`, uscc: realUscc, data: { category: 'REFUND_REFUSED', channel: 'DUDAO_WECHAT', facts: '退费申请逾期未处理', complaintTrackingNo: null, receivedOn: '2026-01-01', outcome: null } }),
    },
    {
      machine: 'RISK_ALERT', agency: 'education', scopes: ['education:alert:write'], consumer: 'joint-conference',
      mutation: edu('transitionRiskAlert', 'RiskAlertTransitionInput', 'alertId', {
        note: '经联席会议研判', level: 'RED', evidence: [{ agency: 'finance', fact: 'custodyCoverage', recordRef: realUscc, asOf: '2026-10-31', value: '0.4', threshold: 0.8 }],
      }),
      creates: [],
      fixture: (n) => ({ id: `RA-${String(n).padStart(24, '0')}`, uscc: realUscc, data: {
        ruleId: 'R-TEST', ruleVersion: 't', level: 'YELLOW', title: 't', legalBasis: 'b', evidence: [], fingerprint: 'f', raisedAt: '2026-01-01T00:00:00.000Z', assessment: null, disposalAction: null,
      } }),
    },
    {
      machine: 'PENALTY_DECISION', agency: 'market', scopes: ['market:penalty:write'], consumer: 'samr-market-supervision',
      mutation: edu('transitionPenaltyDecision', 'PenaltyTransitionInput', 'penaltyId'),
      creates: [],
      fixture: (n) => ({ id: `MP-T${n}`, uscc: realUscc, data: { tier: 'GENERAL', violationType: 'v', decidedOn: '2026-01-01', decisionDocNo: 'd', fineCny: 1,
        window: { regime: 'r', regimeStatus: 'verified', published: true, publicityStart: '2026-01-01', publicityEnd: '2026-12-31', repairEligibleFrom: '2026-04-01' } } }),
    },
    {
      machine: 'ABNORMAL_LISTING', agency: 'market', scopes: ['market:listing:write'], consumer: 'samr-market-supervision',
      mutation: edu('transitionAbnormalListing', 'AbnormalListingTransitionInput', 'listingId', { removalReason: '已补报年报' }),
      creates: [],
      fixture: (n) => ({ id: `AB-T${n}`, uscc: realUscc, data: { reason: 'NO_ANNUAL_REPORT', listedOn: '2026-01-01', removedOn: null, removalReason: null } }),
    },
    {
      machine: 'BUSINESS_LICENCE', agency: 'market', scopes: ['market:licence:write'], consumer: 'samr-market-supervision',
      mutation: edu('transitionBusinessLicence', 'LicenceTransitionInput', 'uscc'),
      creates: [],
      fixture: () => { const uscc = fakeUscc(); return { id: uscc, uscc, data: { revokedOn: null } }; },
    },
    {
      machine: 'CUSTODY', agency: 'finance', scopes: ['finance:custody:write'], consumer: 'pboc-financial-supervision',
      mutation: (command) => ({
        OPEN: { field: 'openPrepaidCustody', inputType: 'OpenCustodyInput', input: (id: string) => ({ uscc: id, ...LAW, mode: 'BANK_CUSTODY', custodyBankName: '测试银行海淀支行', accountNo: '622200001111222233' }) },
        RECORD_SNAPSHOT: { field: 'recordCustodySnapshot', inputType: 'CustodySnapshotInput', input: (id: string) => ({ uscc: id, ...LAW, balanceCny: 10, prepaidFeesOutstandingCny: 0, balancesAsOf: '2026-09-01' }) },
        CONFIRM_SETTLEMENT: { field: 'confirmPrepaidSettlement', inputType: 'ConfirmSettlementInput', input: (id: string) => ({ uscc: id, ...LAW, refundedCny: 100, refundedLearners: 3 }) },
      })[command]!,
      creates: ['OPEN'],
      fixture: () => { const uscc = fakeUscc(); return { id: uscc, uscc, data: { balanceCny: 0, prepaidFeesOutstandingCny: 0, balancesAsOf: '2026-08-31', settlement: null } }; },
    },
  ];
}

/**
 * Commands a mutation offers, once each: REAPPLY is what SUBMIT (submitFiling) becomes on an
 * existing record, a complaint is filed only as a new record by the public (submitComplaint,
 * tested from the start in education-commands and the end-to-end tests), and a lead only
 * received as a new one (receiveViolationLead, in creation-commands).
 */
function offered(m: Machine): string[] {
  const elsewhere = new Set(['REGULATORY_STATUS.REAPPLY', 'COMPLAINT.SUBMIT', 'VIOLATION_LEAD.RECEIVE']);
  return [...m.transitions.values()].filter((t) => !t.internal && !elsewhere.has(`${m.name}.${t.command}`)).map((t) => t.command);
}

/** An officer region of each level, all covering the records' district 110108. */
const REGION_OF_LEVEL: Readonly<Record<string, string>> = { COUNTY: '110108', PREFECTURE: '110100', PROVINCE: '110000', NATIONAL: '000000' };

describeBackends('every allowed and refused transition of every machine', (backend) => {
  let data: SeededDataDir;
  const apps = new Map<AgencyName, FastifyInstance>();
  let stores: TestStores;
  let harness: Awaited<ReturnType<typeof createCommandHarness>>;
  const tally = { allowed: 0, refused: 0, refusedByLevel: 0 };
  const exitCheckReader: GatewayReader = { read: async () => ({ data: { prepaidCustody: null } as never, requestId: 'stub' }) };

  beforeAll(async () => {
    data = seededDataDir(20, 3);
    harness = await createCommandHarness();
    stores = testStores(backend, data.dataDir);
    await stores.publish(['education', 'market', 'finance']);
    for (const agency of ['education', 'market', 'finance'] as const) {
      apps.set(agency, harness.app(agency, stores.location(agency), agency === 'education' ? { gateway: exitCheckReader } : {}));
    }
  }, 60_000);
  afterAll(async () => {
    for (const app of apps.values()) await app.close();
    await stores?.close();
    data?.remove();
  });

  const realUscc = () => data.institutions[0]!.uscc;

  it.each(cases('').map((c) => [c.machine, c] as const))('%s', async (_name, template) => {
    const spec = cases(realUscc()).find((c) => c.machine === template.machine)!;
    const m = machine(spec.machine);
    const db: AgencyDatabase = stores.db(spec.agency);
    const app = apps.get(spec.agency)!;
    const tokens = new Map<string, string>();
    for (const [level, region] of Object.entries(REGION_OF_LEVEL)) tokens.set(level, await harness.token({ scopes: spec.scopes, consumer: spec.consumer, region }));
    const insert = db.prepare(
      `INSERT INTO state_records (kind, id, uscc, region_code, state, version, due_on, data, created_at, updated_at)
       VALUES (@kind, @id, @uscc, '110108', @state, 1, @dueOn, @data, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
    );
    // Steps only the issuer takes read who issued the record from its first event: the county
    // bureau whose officer the allowed attempt sends (the harness's default agency).
    const issuerSteps = [...m.transitions.values()].some((t) => t.issuerOnly);
    const insertFirstEvent = db.prepare(
      `INSERT INTO events (seq, record_kind, record_id, uscc, region_code, type, from_state, to_state, version, actor, legal_basis, decision_doc_no, payload, occurred_at, prev_hash, hash)
       VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM events), @kind, @id, @uscc, '110108', @type, @from, @state, 1, @actor, NULL, NULL, '{}', '2026-01-01T00:00:00.000Z', @prevHash, @hash)`,
    );
    for (const state of m.states) {
      for (const command of offered(m)) {
        counter += 1;
        const { field, inputType, input, sendsCommand } = spec.mutation(command);
        const fixture = spec.fixture(counter, state);
        const absent = state === m.initial;
        if (absent && spec.machine === 'LIST_STATUS') {
          await db.prepare("INSERT INTO institutions VALUES (@uscc, '测试机构', '110108', '北京市海淀区', 'LANGUAGE_TRAINING', '2026-01-01', '2026-01-01T00:00:00Z')").run({ uscc: fixture.uscc });
        } else if (!absent) {
          await insert.run({ kind: m.recordKind, id: fixture.id, uscc: fixture.uscc, state, dueOn: fixture.dueOn ?? null, data: JSON.stringify(fixture.data) });
          if (issuerSteps) {
            await insertFirstEvent.run({
              kind: m.recordKind, id: fixture.id, uscc: fixture.uscc, type: `${m.name}.FIXTURE`, from: m.initial, state, prevHash: 'fixture', hash: `fixture-${fixture.id}`,
              actor: JSON.stringify({ subject: 'officer-1', consumer: spec.consumer, agency: 'edu-110108', region: '110108' }),
            });
          }
        }
        // submitFiling on an existing record applies again.
        const made = spec.machine === 'REGULATORY_STATUS' && command === 'SUBMIT' && !absent ? 'REAPPLY' : command;
        const transition = m.transitions.get(made)!;
        const send = (token: string) => gql(app, `mutation($input: ${inputType}!) { ${field}(input: $input) { state version } }`, {
          input: { ...input(fixture.id), ...(sendsCommand ? { command } : {}), expectedVersion: absent ? 0 : 1, idempotencyKey: idempotencyKey(command) },
        }, token);
        const where = `${spec.machine} ${state} --${made}-->`;
        const reachable = !absent || spec.creates.includes(command);
        if (reachable && transition.from.includes(state)) {
          for (const level of Object.keys(REGION_OF_LEVEL).filter((l) => !transition.levels.includes(l as never))) {
            const refused = await send(tokens.get(level)!);
            expect([where, level, refused.errors?.[0]?.extensions]).toMatchObject([where, level, { code: 'FORBIDDEN', reason: 'LEVEL_NOT_ALLOWED', officerLevel: level }]);
            tally.refusedByLevel += 1;
          }
          const row = await db.prepare<{ version: number }>('SELECT version FROM state_records WHERE kind = @kind AND id = @id').get({ kind: m.recordKind, id: fixture.id });
          expect([where, row?.version ?? 0]).toEqual([where, absent ? 0 : 1]);
        }
        const allowedLevel = Object.keys(REGION_OF_LEVEL).find((l) => transition.levels.includes(l as never))!;
        const result = await send(tokens.get(allowedLevel)!);
        if (!reachable) {
          expect([where, result.errors?.[0]?.extensions?.reason]).toEqual([where, 'NOT_FOUND']);
          tally.refused += 1;
        } else if (transition.from.includes(state)) {
          expect([where, result.errors]).toEqual([where, undefined]);
          expect([where, result.data![field]]).toEqual([where, { state: transition.to, version: absent ? 1 : 2 }]);
          tally.allowed += 1;
        } else {
          expect([where, result.errors?.[0]?.extensions]).toMatchObject([where, {
            code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', currentState: state, allowedCommands: allowedCommands(m, state),
          }]);
          tally.refused += 1;
        }
      }
    }
  });

  afterAll(() => {
    // Written where the report can find it: how many transitions this suite exercised.
    process.stdout.write(`transitions tested on ${backend}: ${tally.allowed} allowed, ${tally.refused} refused by the machine, ${tally.refusedByLevel} refused to an officer of the wrong level\n`);
  });
});
