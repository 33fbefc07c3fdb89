import { scopeListVerifier } from '../../helpers/scope-list-verifier';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { makeUscc } from '../../../common/identifiers';
import { buildApp } from '../../../subgraphs/build-app';
import { ip } from '../../../subgraphs/ip';
import { makePatentApplicationNo, parsePatentApplicationNo } from '../../../common/identifiers/ip-registry-numbers';
import { todayIso } from '../../../subgraphs/shared/types/publicity-status';
import { agencyDatabaseFile, seedDataDir } from '../../../subgraphs/shared/seed/seed-data-dir';

const ALL_SCOPES = ['ip:pledge:read', 'ip:credit:read', 'person:identity:read'];



interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; argument?: string; reason?: string; coordinate?: string } }[];
}

interface PublicRow {
  publicityStatus: string;
  publicityStart: string;
  publicityEnd: string | null;
}

interface EntityLists {
  uscc: string;
  patents: { applicationNo: string; legalStatus: string; holder: { uscc: string } }[];
  trademarks: unknown[];
  softwareCopyrights: unknown[];
  ipRights: { __typename: string; id: string; rightKind: string; rightStatus: string; holder: { uscc: string } }[];
  ipPledges: unknown[];
  ipCreditRecords: PublicRow[];
  ipEnforcementDecisions: PublicRow[];
}

/** What an anonymous caller may select: no `ipPledges` (type needs ip:pledge:read) and no inventor `idHash` (person:identity:read). */
const PUBLIC_ENTITY_SELECTION = `
  uscc
  patents(first: 100) { id applicationNo type title classification inventors { displayName } filedOn publishedOn grantedOn
    termEndsOn legalStatus rightKind rightStatus holder { uscc } provenance { sourceAgency sourceSystem asOf } }
  trademarks(first: 100) { id registrationNo niceClass markText goods appliedOn status validFrom validTo title rightStatus holder { uscc }
    provenance { sourceAgency asOf } }
  softwareCopyrights(first: 100) { id registrationNo softwareName shortName version completedOn firstPublishedOn registeredOn registrationStatus
    title rightStatus holder { uscc } provenance { sourceAgency asOf } }
  ipRights(first: 100) {
    __typename id rightKind title rightStatus holder { uscc } provenance { sourceAgency sourceSystem asOf }
    ... on Patent { applicationNo legalStatus inventors { displayName } }
    ... on Trademark { niceClass goods status }
    ... on SoftwareCopyright { version registrationStatus }
  }
  ipCreditRecords(first: 100) { id behavior description authority documentNo decidedOn measures publicityStatus publicityStart publicityEnd
    provenance { sourceAgency asOf } }
  ipEnforcementDecisions(first: 100) { id documentNo caseKind authority decidedOn facts outcome fineCny confiscatedCny
    publicityStatus publicityStart publicityEnd provenance { sourceAgency asOf } }
`;

/** Everything, for a caller holding ALL_SCOPES. */
const ENTITY_SELECTION = `
  ${PUBLIC_ENTITY_SELECTION}
  patents(first: 100) { inventors { idHash } }
  ipPledges(first: 100) { id rightKind rightNo rightTitle pledgee amountCny registeredOn endedOn status provenance { asOf } }
`;

describe('ip subgraph', () => {
  let dataDir: string;
  let app: FastifyInstance;
  let db: Database.Database;
  let usccs: string[];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ip-subgraph-'));
    seedDataDir([ip], { dataDir, institutions: 300, seed: 11 });
    db = new Database(agencyDatabaseFile(dataDir, 'ip'), { readonly: true });
    usccs = (
      db.prepare(
        `SELECT uscc FROM (SELECT uscc FROM patents UNION SELECT uscc FROM trademarks UNION SELECT uscc FROM software_copyrights
         UNION SELECT uscc FROM ip_credit_records UNION SELECT uscc FROM ip_enforcement_decisions) ORDER BY uscc`,
      ).all() as { uscc: string }[]
    ).map((row) => row.uscc);
    app = buildApp({ agency: 'ip', dataDir, tokenVerifier: scopeListVerifier, gatewayProof: null });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function graphql(query: string, variables: Record<string, unknown> = {}, scopes?: readonly string[]) {
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: scopes ? { authorization: `Bearer ${scopes.join(',')}` } : {},
      payload: { query, variables },
    });
    return { body: response.json() as GraphQLResponse, sqlQueries: Number(response.headers['x-sql-queries']) };
  }

  /** Only callers holding ALL_SCOPES may select ENTITY_SELECTION; everyone else selects PUBLIC_ENTITY_SELECTION. */
  async function entities(keys: readonly string[], scopes?: readonly string[], selection = ENTITY_SELECTION) {
    const result = await graphql(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Institution { ${selection} } } }`,
      { representations: keys.map((uscc) => ({ __typename: 'Institution', uscc })) },
      scopes,
    );
    expect(result.body.errors).toBeUndefined();
    return { ...result, entities: (result.body.data?._entities ?? []) as EntityLists[] };
  }

  function countFor(table: string, keys: readonly string[]): number {
    return (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE uscc IN (SELECT value FROM json_each(?))`).get(JSON.stringify(keys)) as { n: number }).n;
  }

  it('resolves 50 institutions with every list in one SQL statement per loader', async () => {
    const keys = usccs.slice(0, 50);
    const { entities: rows, sqlQueries } = await entities(keys, ALL_SCOPES);
    // patents, trademarks, softwareCopyrights, ipRights (one UNION ALL), ipPledges, ipCreditRecords, ipEnforcementDecisions
    expect(sqlQueries).toBe(7);
    expect(rows.map((row) => row.uscc)).toEqual(keys);

    const total = (pick: (row: EntityLists) => unknown[]) => rows.reduce((sum, row) => sum + pick(row).length, 0);
    expect(total((row) => row.patents)).toBe(countFor('patents', keys));
    expect(total((row) => row.trademarks)).toBe(countFor('trademarks', keys));
    expect(total((row) => row.softwareCopyrights)).toBe(countFor('software_copyrights', keys));
    expect(total((row) => row.ipPledges)).toBe(countFor('ip_pledges', keys));
    expect(total((row) => row.ipCreditRecords)).toBe(countFor('ip_credit_records', keys));
    expect(total((row) => row.ipEnforcementDecisions)).toBe(countFor('ip_enforcement_decisions', keys));

    for (const row of rows) {
      expect(row.ipRights).toHaveLength(Math.min(100, row.patents.length + row.trademarks.length + row.softwareCopyrights.length));
      for (const right of row.ipRights) {
        expect(right.holder.uscc).toBe(row.uscc);
        expect(right.__typename).toBe({ PATENT: 'Patent', TRADEMARK: 'Trademark', SOFTWARE_COPYRIGHT: 'SoftwareCopyright' }[right.rightKind]);
      }
      for (const patent of row.patents) {
        expect(patent.holder.uscc).toBe(row.uscc);
        expect(parsePatentApplicationNo(patent.applicationNo).value).toBe(patent.applicationNo);
      }
    }
    const kinds = new Set(rows.flatMap((row) => row.ipRights.map((right) => right.__typename)));
    expect(kinds).toEqual(new Set(['Patent', 'Trademark', 'SoftwareCopyright']));
  });

  it('never gives anonymous callers a non-public credit or enforcement row; ip:credit:read sees them all', async () => {
    const today = todayIso();
    const isPublic = (row: PublicRow) =>
      row.publicityStatus === 'ACTIVE' && row.publicityStart <= today && (row.publicityEnd === null || row.publicityEnd >= today);

    const anonymous = await entities(usccs, undefined, PUBLIC_ENTITY_SELECTION);
    const anonymousRows = anonymous.entities.flatMap((row) => [...row.ipCreditRecords, ...row.ipEnforcementDecisions]);
    expect(anonymousRows.length).toBeGreaterThan(0);
    expect(anonymousRows.every(isPublic)).toBe(true);

    const scoped = await entities(usccs, ['ip:credit:read'], PUBLIC_ENTITY_SELECTION);
    const scopedRows = scoped.entities.flatMap((row) => [...row.ipCreditRecords, ...row.ipEnforcementDecisions]);
    expect(scopedRows.length).toBe(countFor('ip_credit_records', usccs) + countFor('ip_enforcement_decisions', usccs));
    const hidden = scopedRows.filter((row) => !isPublic(row));
    expect(hidden.length).toBeGreaterThan(0);
    expect(new Set(hidden.map((row) => row.publicityStatus))).toEqual(new Set(['EXPIRED', 'WITHDRAWN_AFTER_REPAIR', 'REVOKED']));
    expect(scopedRows.length - hidden.length).toBe(anonymousRows.length);
  });

  it('looks a patent up by application number in any accepted spelling, and a trademark and software copyright by number', async () => {
    const patent = db.prepare('SELECT application_no AS no, uscc FROM patents ORDER BY application_no LIMIT 1').get() as { no: string; uscc: string };
    const digits = patent.no.slice(2);
    for (const spelling of [patent.no, `ZL${digits}`, ` ${digits} `]) {
      const { body, sqlQueries } = await graphql('query ($no: String!) { patent(applicationNo: $no) { applicationNo rightKind holder { uscc } } }', { no: spelling });
      expect(body.errors).toBeUndefined();
      expect(body.data?.patent).toEqual({ applicationNo: patent.no, rightKind: 'PATENT', holder: { uscc: patent.uscc } });
      expect(sqlQueries).toBe(1);
    }

    const trademark = db.prepare('SELECT registration_no AS no, mark_text AS mark FROM trademarks LIMIT 1').get() as { no: string; mark: string };
    const software = db.prepare('SELECT registration_no AS no FROM software_copyrights LIMIT 1').get() as { no: string };
    const { body } = await graphql(
      'query ($tm: String!, $sw: String!) { trademark(registrationNo: $tm) { markText niceClass } softwareCopyright(registrationNo: $sw) { registrationNo version } }',
      { tm: trademark.no, sw: software.no },
    );
    expect(body.errors).toBeUndefined();
    expect((body.data?.trademark as { markText: string }).markText).toBe(trademark.mark);
    expect((body.data?.softwareCopyright as { registrationNo: string }).registrationNo).toBe(software.no);

    // A well-formed number nobody holds is simply not on record.
    const missing = await graphql('query ($no: String!) { patent(applicationNo: $no) { id } }', {
      no: makePatentApplicationNo(2003, '1', '9999999'),
    });
    expect(missing.body.errors).toBeUndefined();
    expect(missing.body.data?.patent).toBeNull();
  });

  it('rejects a malformed patent application number, naming the problem', async () => {
    const patent = db.prepare('SELECT application_no AS no FROM patents LIMIT 1').get() as { no: string };
    const wrongCheck = `${patent.no.slice(0, -1)}${patent.no.endsWith('1') ? '2' : '1'}`;
    const cases: [string, string, RegExp][] = [
      [wrongCheck, 'CHECK_DIGIT', /check character should be/],
      ['CN201740601862.3', 'TYPE', /type digit/],
      ['CN20171060186.3', 'FORMAT', /12 digits/],
      ['97101765.4', 'LEGACY_FORMAT', /before 1 October 2003/],
    ];
    for (const [no, reason, message] of cases) {
      const { body } = await graphql('query ($no: String!) { patent(applicationNo: $no) { id } }', { no });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'applicationNo', reason });
      expect(body.errors?.[0]?.message).toMatch(message);
    }
    const { body } = await graphql('{ trademark(registrationNo: "0123") { id } }');
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('rejects a malformed USCC in an entity representation with BAD_USER_INPUT', async () => {
    const { body } = await graphql(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { uscc } } }',
      { r: [{ __typename: 'Institution', uscc: '91110108MA01ABCDE0' }] },
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('treats an institution without IP as an institution with empty lists', async () => {
    // A valid USCC that appears in no IP register (computed, not seeded).
    const uscc = makeUscc('9', '1', '110108', 'MA0000AA');
    expect(usccs).not.toContain(uscc);
    const anonymous = await entities([uscc], undefined, PUBLIC_ENTITY_SELECTION);
    expect(anonymous.entities).toEqual([{ uscc, patents: [], trademarks: [], softwareCopyrights: [], ipRights: [], ipCreditRecords: [], ipEnforcementDecisions: [] }]);
    // Six, not seven: the anonymous caller may not select ipPledges, so the pledge loader never runs.
    expect(anonymous.sqlQueries).toBe(6);
    const scoped = await entities([uscc], ALL_SCOPES);
    expect(scoped.entities).toEqual([{ uscc, patents: [], trademarks: [], softwareCopyrights: [], ipRights: [], ipPledges: [], ipCreditRecords: [], ipEnforcementDecisions: [] }]);
    expect(scoped.sqlQueries).toBe(7);
  });

  it('refuses protected fields to a direct caller without the scope (null + UNAUTHORIZED_FIELD_OR_TYPE) and serves them with it', async () => {
    const uscc = (db.prepare('SELECT uscc FROM ip_pledges LIMIT 1').get() as { uscc: string }).uscc;
    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { uscc ipPledges(first: 100) { id pledgee } } } }';
    const variables = { r: [{ __typename: 'Institution', uscc }] };
    for (const scopes of [undefined, ['ip:credit:read', 'person:identity:read']]) {
      const { body, sqlQueries } = await graphql(query, variables, scopes);
      expect(body.data?._entities).toEqual([{ uscc, ipPledges: null }]);
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0]).toMatchObject({
        path: ['_entities', '0', 'ipPledges'], // the subgraph reports the _entities index as a string
        extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE', coordinate: 'Institution.ipPledges' },
      });
      expect(sqlQueries).toBe(0); // refused before the pledge loader is asked
    }
    const scoped = await graphql(query, variables, ['ip:pledge:read']);
    expect(scoped.body.errors).toBeUndefined();
    const pledges = (scoped.body.data?._entities as { ipPledges: { id: string }[] }[])[0]?.ipPledges ?? [];
    expect(pledges.length).toBe(countFor('ip_pledges', [uscc]));
    expect(pledges.length).toBeGreaterThan(0);
  });

  it('refuses a list argument above 100 and filters patents by legal status', async () => {
    const uscc = (db.prepare("SELECT uscc FROM patents WHERE legal_status = 'GRANTED' LIMIT 1").get() as { uscc: string }).uscc;
    const tooMany = await graphql(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { patents(first: 101) { id } } } }',
      { r: [{ __typename: 'Institution', uscc }] },
    );
    expect(tooMany.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });

    const granted = await graphql(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { patents(legalStatus: GRANTED) { legalStatus rightStatus } } } }',
      { r: [{ __typename: 'Institution', uscc }] },
    );
    const patents = (granted.body.data?._entities as { patents: { legalStatus: string; rightStatus: string }[] }[])[0]?.patents ?? [];
    expect(patents.length).toBeGreaterThan(0);
    expect(patents.every((p) => p.legalStatus === 'GRANTED' && p.rightStatus === 'IN_FORCE')).toBe(true);
  });

  it('prints an SDL with the interface, the entity key and the scope annotations', () => {
    const { sdl } = ip.buildSchema();
    expect(sdl).toContain('interface IntellectualPropertyRight');
    expect(sdl).toContain('type Patent implements IntellectualPropertyRight');
    expect(sdl).toContain('type Trademark implements IntellectualPropertyRight');
    expect(sdl).toContain('type SoftwareCopyright implements IntellectualPropertyRight');
    expect(sdl).toMatch(/type Institution @key\(fields: "uscc"\) \{\s+uscc: USCC!/);
    expect(sdl).toContain('ipRights(');
    expect(sdl).toContain('type IpPledge @requiresScopes(scopes: [["ip:pledge:read"]])');
    expect(sdl).toContain('patent(applicationNo: String!): Patent');
  });
});
