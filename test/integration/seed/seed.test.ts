import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { isUscc } from '../../../common/identifiers';
import { AGENCY_NAMES } from '../../../subgraphs/shared/agency';
import { machine, planTransition } from '../../../subgraphs/shared/commands/state-machine';
import { agencyDatabaseFile } from '../../../subgraphs/shared/seed/seed-data-dir';
import { custodyFloorOf } from '../../../subgraphs/shared/seed/custody-floor';
import { generateInstitutions } from '../../../subgraphs/shared/seed/seed-institutions';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';

/** Every row of every table of one agency database, in a stable order, hashed. */
function fingerprint(dataDir: string, agency: string): string {
  const db = new Database(agencyDatabaseFile(dataDir, agency), { readonly: true });
  const hash = createHash('sha256');
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
  for (const table of tables) {
    hash.update(table);
    for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY 1, 2`).all()) hash.update(JSON.stringify(row));
  }
  db.close();
  return hash.digest('hex');
}

describe('the seed', () => {
  let a: SeededDataDir;
  let b: SeededDataDir;
  let c: SeededDataDir;

  beforeAll(() => {
    a = seededDataDir(400, 77);
    b = seededDataDir(400, 77);
    c = seededDataDir(400, 78);
  });

  afterAll(() => [a, b, c].forEach((d) => d?.remove()));

  it('is deterministic in (institutions, seed) for every agency, and differs for another seed', () => {
    for (const agency of AGENCY_NAMES) {
      expect(fingerprint(a.dataDir, agency)).toBe(fingerprint(b.dataDir, agency));
      expect(fingerprint(a.dataDir, agency)).not.toBe(fingerprint(c.dataDir, agency));
    }
  });

  it('gives every institution a valid, unique USCC, and a larger seed extends a smaller one', () => {
    const small = generateInstitutions(400, 77);
    const large = generateInstitutions(2000, 77);
    expect(new Set(large.map((i) => i.uscc)).size).toBe(2000);
    expect(large.every((i) => isUscc(i.uscc))).toBe(true);
    expect(large.slice(0, 400)).toEqual(small);
  });

  it('writes only real calendar dates and only USCCs of seeded institutions, in every agency', () => {
    const known = new Set(a.institutions.map((i) => i.uscc));
    for (const agency of AGENCY_NAMES) {
      const db = new Database(agencyDatabaseFile(a.dataDir, agency), { readonly: true });
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((t) => t.name);
      for (const table of tables) {
        for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) {
          for (const [column, value] of Object.entries(row)) {
            if (typeof value !== 'string') continue;
            const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
            if (date && /(_on|_from|_to|_start|_end|_until|as_of|date)$/.test(column)) {
              const parsed = new Date(`${date[0]}T00:00:00Z`);
              expect({ agency, table, column, value: parsed.toISOString().slice(0, 10) }).toEqual({ agency, table, column, value: date[0] });
            }
            if (column === 'uscc') expect(known.has(value)).toBe(true);
          }
        }
      }
      db.close();
    }
  });

  it('carries the same trouble across agencies: blacklisted in education means revoked or listed elsewhere', () => {
    const revoked = a.institutions.filter((i) => i.risk === 'REVOKED');
    expect(revoked.length).toBeGreaterThan(0);
    const education = new Database(agencyDatabaseFile(a.dataDir, 'education'), { readonly: true });
    const credit = new Database(agencyDatabaseFile(a.dataDir, 'credit'), { readonly: true });
    for (const inst of revoked) {
      expect(education.prepare('SELECT list_status FROM filings WHERE uscc = ?').get(inst.uscc)).toEqual({ list_status: 'BLACK' });
      const tables = (credit.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%dishonest%'").all() as { name: string }[]);
      expect(tables.length).toBeGreaterThan(0);
      const listed = credit.prepare(`SELECT COUNT(*) AS n FROM "${tables[0]!.name}" WHERE uscc = ?`).get(inst.uscc) as { n: number };
      expect(listed.n).toBeGreaterThan(0);
    }
    education.close();
    credit.close();
  });

  it('gives rectification orders a history that fits the list: verified where the institution is on the white list, overdue or failed where it is still off it', () => {
    const education = new Database(agencyDatabaseFile(a.dataDir, 'education'), { readonly: true });
    try {
      const orders = education.prepare(
        `SELECT r.id, r.state, r.due_on AS dueOn, f.list_status AS listStatus,
                (SELECT json_extract(e.payload, '$.dueOn') FROM events e WHERE e.record_id = r.id AND e.type = 'RECTIFICATION_ORDER.ISSUE') AS issuedDue,
                (SELECT substr(e.occurred_at, 1, 10) FROM events e WHERE e.record_id = r.id AND e.type = 'RECTIFICATION_ORDER.VERIFY_PASS') AS passedOn,
                (SELECT count(*) FROM events e WHERE e.record_id = r.id AND e.type = 'RECTIFICATION_ORDER.SUBMIT_EVIDENCE') AS evidence
         FROM state_records r JOIN filings f ON f.uscc = r.uscc WHERE r.kind = 'rectification-order'`,
      ).all() as { id: string; state: string; dueOn: string | null; listStatus: string | null; issuedDue: string | null; passedOn: string | null; evidence: number }[];
      const states = new Set(orders.map((o) => o.state));
      for (const state of ['VERIFIED_PASS', 'OVERDUE', 'VERIFIED_FAIL']) expect(states).toContain(state);
      // Every order says when it was due, as an issued one does; a closed one has no deadline running.
      expect(orders.filter((o) => !o.issuedDue)).toEqual([]);
      expect(orders.filter((o) => ['VERIFIED_PASS', 'VERIFIED_FAIL', 'OVERDUE'].includes(o.state) !== (o.dueOn === null))).toEqual([]);
      expect(orders.filter((o) => o.state.startsWith('VERIFIED') && o.evidence !== 1)).toEqual([]);
      expect(orders.filter((o) => o.state === 'VERIFIED_PASS' && o.listStatus !== 'WHITE')).toEqual([]);
      expect(orders.filter((o) => (o.state === 'OVERDUE' || o.state === 'VERIFIED_FAIL') && o.listStatus === 'WHITE')).toEqual([]);
      // Some passed on time, some late: what the joint report's on-time rate tells apart.
      const passed = orders.filter((o) => o.passedOn);
      expect(passed.some((o) => o.passedOn! <= o.issuedDue!)).toBe(true);
      expect(passed.some((o) => o.passedOn! > o.issuedDue!)).toBe(true);
    } finally {
      education.close();
    }
  });

  it('gives leads (machine E) that complaints revealed a history every step of which the machine allows, in each stage of handling', () => {
    const education = new Database(agencyDatabaseFile(a.dataDir, 'education'), { readonly: true });
    try {
      const leads = education.prepare(
        `SELECT r.id, r.uscc, r.state, r.due_on AS dueOn, r.data, q.uscc AS complaintUscc
         FROM state_records r LEFT JOIN state_records q ON q.kind = 'complaint' AND q.id = json_extract(r.data, '$.complaintTrackingNo')
         WHERE r.kind = 'violation-lead' ORDER BY r.id`,
      ).all() as { id: string; uscc: string; state: string; dueOn: string | null; data: string; complaintUscc: string | null }[];
      const eventsOf = education.prepare("SELECT type, from_state AS fromState, to_state AS toState, version, legal_basis AS legalBasis, decision_doc_no AS decisionDocNo FROM events WHERE record_id = ? ORDER BY seq");
      const lead = machine('VIOLATION_LEAD');
      for (const l of leads) {
        // Each from a complaint about the same institution.
        expect([l.id, l.complaintUscc]).toEqual([l.id, l.uscc]);
        let state = lead.initial;
        for (const [i, e] of (eventsOf.all(l.id) as { type: string; fromState: string; toState: string; version: number; legalBasis: string | null; decisionDocNo: string | null }[]).entries()) {
          const transition = planTransition(lead, state, e.type.replace('VIOLATION_LEAD.', ''));
          expect([l.id, e.fromState, e.toState, e.version]).toEqual([l.id, state, transition.to, i + 1]);
          for (const field of transition.requires) expect([l.id, e.type, field, e[field]]).toEqual([l.id, e.type, field, expect.stringMatching(/\S/)]);
          state = e.toState;
        }
        expect([l.id, state]).toEqual([l.id, l.state]);
        // The verification clock runs exactly while verifying.
        expect([l.id, l.state, l.dueOn !== null]).toEqual([l.id, l.state, l.state === 'VERIFYING']);
      }
      const states = new Set(leads.map((l) => l.state));
      for (const state of ['DISCARDED', 'VERIFYING', 'CLOSED']) expect(states).toContain(state);
      expect(leads.some((l) => JSON.parse(l.data).outcome === 'NO_ACTION') && leads.some((l) => ['RECTIFICATION', 'FINE', 'WARNING'].includes(JSON.parse(l.data).outcome))).toBe(true);
    } finally {
      education.close();
    }
  });

  it('keeps GOOD institutions clear of the early-warning lines: custody above the region\'s floor, no listed person among their trainers', () => {
    // The default seed (npm start's), where chance once put four GOOD Hangzhou institutions under the line and a listed person on a GOOD payroll.
    const world = seededDataDir(3000, 2019);
    try {
      const floor = custodyFloorOf();
      const good = new Set(world.institutions.filter((i) => i.risk === 'GOOD').map((i) => i.uscc));
      const region = new Map(world.institutions.map((i) => [i.uscc, i.regionCode]));
      const finance = new Database(agencyDatabaseFile(world.dataDir, 'finance'), { readonly: true });
      const custody = (finance.prepare('SELECT uscc, balance_cny AS balance FROM prepaid_custody').all() as { uscc: string; balance: number }[]).filter((c) => good.has(c.uscc));
      finance.close();
      // The floor is not vacuous here: some GOOD institutions sit where it is above zero.
      expect(custody.filter((c) => floor(region.get(c.uscc)!) > 0).length).toBeGreaterThan(0);
      expect(custody.filter((c) => c.balance < floor(region.get(c.uscc)!))).toEqual([]);
      const education = new Database(agencyDatabaseFile(world.dataDir, 'education'), { readonly: true });
      const listed = new Set((education.prepare("SELECT id_hash FROM trainers WHERE id LIKE '%-T99'").all() as { id_hash: string }[]).map((t) => t.id_hash));
      const goodTrainers = (education.prepare('SELECT uscc, id_hash FROM trainers').all() as { uscc: string; id_hash: string }[]).filter((t) => good.has(t.uscc));
      education.close();
      expect(listed.size).toBeGreaterThan(0);
      expect(goodTrainers.filter((t) => listed.has(t.id_hash))).toEqual([]);
    } finally {
      world.remove();
    }
  }, 60_000);
});
