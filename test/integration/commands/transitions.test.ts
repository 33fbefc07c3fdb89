import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { makeUscc } from '../../../common/identifiers';
import type { AgencyName } from '../../../subgraphs/shared/agency';
import type { GatewayReader } from '../../../subgraphs/shared/commands/gateway-reader';
import { allowedCommands, machine, type Machine } from '../../../subgraphs/shared/commands/state-machine';
import { agencyDatabaseFile } from '../../../subgraphs/shared/seed/seed-data-dir';
import { createCommandHarness, gql, idempotencyKey } from '../../helpers/command-harness';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';

/**
 * Every state of every machine against every command its mutation offers: the allowed ones move
 * the record to the machine's target state, every other one is BAD_USER_INPUT naming the state
 * and what it allows. Records are put in each state directly in the agency's database.
 */
interface MachineCase {
  readonly machine: string;
  readonly agency: AgencyName;
  readonly scopes: readonly string[];
  readonly consumer: string;
  /** The mutation for a command, its input and the id field. */
  mutation(command: string): { field: string; inputType: string; input: (id: string) => Record<string, unknown> };
  /** The record's id and data in a state; the region is always 110108. */
  fixture(n: number, state: string): { id: string; uscc: string; data: Record<string, unknown>; dueOn?: string };
}

const LAW = { legalBasis: '依据', decisionDocNo: '文号〔2026〕1号' };
let counter = 0;
const fakeUscc = () => makeUscc('9', '1', '110108', `MA0X${String((counter += 1)).padStart(4, '0')}`);

function cases(realUscc: string): MachineCase[] {
  const edu = (field: string, inputType: string, idField: string, extra: Record<string, unknown> = {}) =>
    () => ({ field, inputType, input: (id: string) => ({ [idField]: id, ...LAW, ...extra }) });
  return [
    {
      machine: 'REGULATORY_STATUS', agency: 'education', scopes: ['education:filing:write'], consumer: 'moe-supervision-platform',
      mutation: edu('transitionRegulatoryStatus', 'RegulatoryTransitionInput', 'uscc', { permitNo: '教民1' }),
      fixture: () => { const uscc = fakeUscc(); return { id: uscc, uscc, data: { filingNo: 'F', permitNo: null, decisionDocNo: null } }; },
    },
    {
      machine: 'LIST_STATUS', agency: 'education', scopes: ['education:list:write'], consumer: 'moe-supervision-platform',
      mutation: edu('transitionListStatus', 'ListTransitionInput', 'uscc'),
      fixture: () => { const uscc = fakeUscc(); return { id: uscc, uscc, data: { legalBasis: null, reason: null, listedOn: '2026-01-01' } }; },
    },
    {
      machine: 'RECTIFICATION_ORDER', agency: 'education', scopes: ['education:rectification:write'], consumer: 'moe-supervision-platform',
      mutation: edu('transitionRectificationOrder', 'RectificationTransitionInput', 'orderId', { evidence: ['整改报告 2026-001'] }),
      fixture: (n) => ({ id: `RO-T${n}`, uscc: realUscc, data: { items: ['x'], issuedOn: '2020-01-01', evidence: [] }, dueOn: '2020-02-01' }),
    },
    {
      machine: 'INSPECTION', agency: 'education', scopes: ['education:inspection:write'], consumer: 'moe-supervision-platform',
      mutation: edu('transitionInspection', 'InspectionTransitionInput', 'taskId', { result: 'COMPLIANT', findings: '未发现违规情形' }),
      fixture: (n) => ({ id: `IT-T${n}`, uscc: realUscc, data: { drawId: 'D', item: 'x', inspectors: ['a', 'b'], result: 'COMPLIANT', findings: 'f', inspectedOn: '2026-01-01', publishedOn: null } }),
    },
    {
      machine: 'NOTICE', agency: 'education', scopes: ['education:notice:write'], consumer: 'moe-supervision-platform',
      mutation: edu('transitionNotice', 'NoticeTransitionInput', 'noticeId'),
      fixture: (n) => ({ id: `NT-T${n}`, uscc: realUscc, data: { audience: 'PUBLIC', kind: 'RISK_WARNING', title: 't', documentNo: 'd', issuedOn: '2026-01-01' } }),
    },
    {
      machine: 'COMPLAINT', agency: 'education', scopes: ['education:complaint:write'], consumer: 'moe-supervision-platform',
      mutation: edu('transitionComplaint', 'ComplaintTransitionInput', 'trackingNo', { detail: '结果' }),
      fixture: (n) => ({ id: `TS-T${n}`, uscc: realUscc, data: { trackingNo: `TS-T${n}`, category: 'REFUND', facts: '退费', request: null, receivedOn: '2026-01-01', complainant: null } }),
    },
    {
      machine: 'RISK_ALERT', agency: 'education', scopes: ['education:alert:write'], consumer: 'joint-conference',
      mutation: edu('transitionRiskAlert', 'RiskAlertTransitionInput', 'alertId', {
        note: '经联席会议研判', level: 'RED', evidence: [{ agency: 'finance', fact: 'custodyCoverage', recordRef: realUscc, asOf: '2026-10-31', value: '0.4', threshold: 0.8 }],
      }),
      fixture: (n) => ({ id: `RA-${String(n).padStart(24, '0')}`, uscc: realUscc, data: {
        ruleId: 'R-TEST', ruleVersion: 't', level: 'YELLOW', title: 't', legalBasis: 'b', evidence: [], fingerprint: 'f', raisedAt: '2026-01-01T00:00:00.000Z', assessment: null, disposalAction: null,
      } }),
    },
    {
      machine: 'PENALTY_DECISION', agency: 'market', scopes: ['market:penalty:write'], consumer: 'samr-market-supervision',
      mutation: edu('transitionPenaltyDecision', 'PenaltyTransitionInput', 'penaltyId'),
      fixture: (n) => ({ id: `MP-T${n}`, uscc: realUscc, data: { tier: 'GENERAL', violationType: 'v', decidedOn: '2026-01-01', decisionDocNo: 'd', fineCny: 1,
        window: { regime: 'r', regimeStatus: 'verified', published: true, publicityStart: '2026-01-01', publicityEnd: '2026-12-31', repairEligibleFrom: '2026-04-01' } } }),
    },
    {
      machine: 'ABNORMAL_LISTING', agency: 'market', scopes: ['market:listing:write'], consumer: 'samr-market-supervision',
      mutation: edu('transitionAbnormalListing', 'AbnormalListingTransitionInput', 'listingId', { removalReason: '已补报年报' }),
      fixture: (n) => ({ id: `AB-T${n}`, uscc: realUscc, data: { reason: 'NO_ANNUAL_REPORT', listedOn: '2026-01-01', removedOn: null, removalReason: null } }),
    },
    {
      machine: 'BUSINESS_LICENCE', agency: 'market', scopes: ['market:licence:write'], consumer: 'samr-market-supervision',
      mutation: edu('transitionBusinessLicence', 'LicenceTransitionInput', 'uscc'),
      fixture: () => { const uscc = fakeUscc(); return { id: uscc, uscc, data: { revokedOn: null } }; },
    },
    {
      machine: 'CUSTODY', agency: 'finance', scopes: ['finance:custody:write'], consumer: 'pboc-financial-supervision',
      mutation: (command) => command === 'RECORD_SNAPSHOT'
        ? { field: 'recordCustodySnapshot', inputType: 'CustodySnapshotInput', input: (id) => ({ uscc: id, ...LAW, balanceCny: 10, prepaidFeesOutstandingCny: 0, balancesAsOf: '2026-09-01' }) }
        : { field: 'confirmPrepaidSettlement', inputType: 'ConfirmSettlementInput', input: (id) => ({ uscc: id, ...LAW, refundedCny: 100, refundedLearners: 3 }) },
      fixture: () => { const uscc = fakeUscc(); return { id: uscc, uscc, data: { balanceCny: 0, prepaidFeesOutstandingCny: 0, balancesAsOf: '2026-08-31', settlement: null } }; },
    },
  ];
}

/** Commands a transition mutation can be sent (for CUSTODY each command has its own mutation). */
function offered(m: Machine): string[] {
  return [...m.transitions.values()].filter((t) => !t.internal).map((t) => t.command);
}

describe('every allowed and refused transition of every machine', () => {
  let data: SeededDataDir;
  const apps = new Map<AgencyName, FastifyInstance>();
  const dbs = new Map<AgencyName, Database.Database>();
  let harness: Awaited<ReturnType<typeof createCommandHarness>>;
  const tally = { allowed: 0, refused: 0 };
  const exitCheckReader: GatewayReader = { read: async () => ({ data: { prepaidCustody: null } as never, requestId: 'stub' }) };

  beforeAll(async () => {
    data = seededDataDir(20, 3);
    harness = await createCommandHarness();
    for (const agency of ['education', 'market', 'finance'] as const) {
      apps.set(agency, harness.app(agency, data.dataDir, agency === 'education' ? { gateway: exitCheckReader } : {}));
      dbs.set(agency, new Database(agencyDatabaseFile(data.dataDir, agency)));
    }
  });
  afterAll(async () => {
    for (const db of dbs.values()) db.close();
    for (const app of apps.values()) await app.close();
    data?.remove();
  });

  const realUscc = () => data.institutions[0]!.uscc;

  it.each(cases('').map((c) => [c.machine, c] as const))('%s', async (_name, template) => {
    const spec = cases(realUscc()).find((c) => c.machine === template.machine)!;
    const m = machine(spec.machine);
    const db = dbs.get(spec.agency)!;
    const app = apps.get(spec.agency)!;
    const token = await harness.token({ scopes: spec.scopes, consumer: spec.consumer, region: '110108' });
    const insert = db.prepare(
      `INSERT INTO state_records (kind, id, uscc, region_code, state, version, due_on, data, created_at, updated_at)
       VALUES (?, ?, ?, '110108', ?, 1, ?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
    );
    for (const state of m.states) {
      for (const command of offered(m)) {
        counter += 1;
        const { field, inputType, input } = spec.mutation(command);
        const fixture = spec.fixture(counter, state);
        const absent = state === m.initial;
        if (absent && spec.machine === 'LIST_STATUS') {
          db.prepare("INSERT INTO institutions VALUES (?, '测试机构', '110108', '北京市海淀区', 'LANGUAGE_TRAINING', '2026-01-01', '2026-01-01T00:00:00Z')").run(fixture.uscc);
        } else if (!absent) {
          insert.run(m.recordKind, fixture.id, fixture.uscc, state, fixture.dueOn ?? null, JSON.stringify(fixture.data));
        }
        const result = await gql(app, `mutation($input: ${inputType}!) { ${field}(input: $input) { state version } }`, {
          input: { ...input(fixture.id), command: field === 'recordCustodySnapshot' || field === 'confirmPrepaidSettlement' ? undefined : command, expectedVersion: absent ? 0 : 1, idempotencyKey: idempotencyKey(command) },
        }, token);
        const transition = m.transitions.get(command)!;
        const where = `${spec.machine} ${state} --${command}-->`;
        // Only the list machine's mutation creates its record; the others have a creation mutation of their own.
        if (absent && spec.machine !== 'LIST_STATUS') {
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
    process.stdout.write(`transitions tested: ${tally.allowed} allowed, ${tally.refused} refused\n`);
  });
});
