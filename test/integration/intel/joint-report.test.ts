import Database from 'better-sqlite3';
import { queryAuditLog } from '../../../gateway/audit/query-audit';
import { chinaToday } from '../../../common/china-day';
import { CustodyMode } from '../../../subgraphs/finance/types/enums';
import { REQUIRED_COVERAGE_RATIO } from '../../../subgraphs/finance/types/prepaid-custody.type';
import { agencyDatabaseFile } from '../../../subgraphs/shared/seed/seed-data-dir';
import { startIntelStack, type IntelStack } from '../../helpers/intel-stack';
import { seededDataDir, type SeededDataDir } from '../../helpers/seeded-data-dir';
import { createTestKeys } from '../../helpers/test-keys';

/** The CSV's table: the rows after the blank line, split on commas (no field here needs quoting). */
function table(csv: string): { header: string[]; rows: Record<string, string>[] } {
  const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
  const start = lines.indexOf('') + 1;
  const header = lines[start]!.split(',');
  const rows = lines.slice(start + 1).filter(Boolean).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v])));
  return { header, rows };
}

/**
 * Joint-conference reports over a seeded world through the real gateway: what they count matches
 * the agencies' own databases, the same inputs give the same bytes, and only a caller whose
 * consumer declared JOINT_SUPERVISION_REPORT gets one; its reads are the caller's, audited.
 */
describe('joint-conference reports', () => {
  let data: SeededDataDir;
  let stack: IntelStack;
  let conference: string;
  const to = () => {
    const d = new Date(Date.parse(`${chinaToday(new Date())}T00:00:00Z`) - 86_400_000);
    return d.toISOString().slice(0, 10);
  };
  const get = (path: string, token?: string) =>
    fetch(`${stack.origin}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    data = seededDataDir(300, 2019);
    // Alerts are raised two days ago, so that they fall inside a period ending yesterday.
    stack = await startIntelStack(data.dataDir, await createTestKeys(), {}, { now: () => new Date(Date.now() - 2 * 86_400_000) });
    await stack.intel.riskEngine.runFull();
    conference = await stack.tokenOf('joint-conference');
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    data?.remove();
  });

  it('downloads a province as CSV: UTF-8 with BOM, one row per city and the total, counts matching the agencies', async () => {
    const response = await get(`/reports/joint-conference.csv?region=440000&from=2023-01-01&to=${to()}`, conference);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="joint-report-440000-2023-01-01-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    expect(csv).toContain('\r\n');
    expect(csv).toContain('区划,广东省（440000）');
    const { header, rows } = table(csv);
    expect(header.slice(0, 3)).toEqual(['区划代码', '区划名称', '机构数']);
    expect(rows.map((r) => r['区划代码'])).toEqual(['440100', '440300', '440000']);
    expect(rows.map((r) => r['区划名称'])).toEqual(['广州市', '深圳市', '广东省']);

    const education = new Database(agencyDatabaseFile(data.dataDir, 'education'), { readonly: true });
    const count = (sql: string) => (education.prepare(sql).get() as { n: number }).n;
    expect(Number(rows[2]!['机构数'])).toBe(count("SELECT count(*) AS n FROM institutions WHERE region_code LIKE '44%'"));
    expect(Number(rows[0]!['机构数'])).toBe(count("SELECT count(*) AS n FROM institutions WHERE region_code LIKE '4401%'"));
    expect(Number(rows[2]!['黑名单'])).toBe(count("SELECT count(*) AS n FROM filings f JOIN institutions i USING (uscc) WHERE i.region_code LIKE '44%' AND f.list_status = 'BLACK'"));
    const guangdong = new Set((education.prepare("SELECT uscc FROM institutions WHERE region_code LIKE '44%'").all() as { uscc: string }[]).map((r) => r.uscc));
    education.close();
    // Custody as its history stood at yesterday's cut-off is the custody finance holds today (every seeded snapshot is older).
    const finance = new Database(agencyDatabaseFile(data.dataDir, 'finance'), { readonly: true });
    const custody = (finance.prepare('SELECT uscc, mode, balance_cny AS balance, prepaid_fees_outstanding_cny AS outstanding FROM prepaid_custody').all() as { uscc: string; mode: CustodyMode; balance: number; outstanding: number }[])
      .filter((c) => guangdong.has(c.uscc));
    finance.close();
    const compliant = custody.filter((c) => Math.round(Math.max(0, c.outstanding * REQUIRED_COVERAGE_RATIO[c.mode] - c.balance) * 100) === 0);
    expect(custody.length).toBeGreaterThan(0);
    expect(compliant.length).toBeLessThan(custody.length);
    expect([Number(rows[2]!['纳入资金监管机构数']), rows[2]!['监管资金达标率']]).toEqual([custody.length, (compliant.length / custody.length).toFixed(4)]);
    const total = rows[2]!;
    expect(Number(total['机构数'])).toBe(Number(rows[0]!['机构数']) + Number(rows[1]!['机构数']));
    // Alerts the engine raised for the province, as the alert list shows them.
    const alerts = await fetch(stack.gateway.gatewayUrl, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${conference}`, 'x-purpose': 'RISK_EARLY_WARNING' },
      body: JSON.stringify({ query: '{ riskAlerts(region: "440000", first: 100) { edges { node { level } } } }' }),
    }).then((r) => r.json()) as { data: { riskAlerts: { edges: { node: { level: string } }[] } } };
    const levels = alerts.data.riskAlerts.edges.map((e) => e.node.level);
    expect([Number(total['黄色预警']), Number(total['红色预警'])]).toEqual([levels.filter((l) => l === 'YELLOW').length, levels.filter((l) => l === 'RED').length]);
    expect(levels.length).toBeGreaterThan(0);
    expect(Number(total['预警-待签收'])).toBe(levels.length);
    for (const rate of ['按时受理率', '检查覆盖率', '资金监管覆盖率']) expect(total[rate]).toMatch(/^(|[01]\.\d{4})$/);
  });

  it('gives the same bytes and the same inputs hash for the same inputs', async () => {
    const path = `/reports/joint-conference.csv?region=110000&from=2024-01-01&to=${to()}`;
    const first = await get(path, conference);
    const second = await get(path, conference);
    expect(first.headers.get('x-report-inputs-hash')).toMatch(/^[0-9a-f]{64}$/);
    expect(second.headers.get('x-report-inputs-hash')).toBe(first.headers.get('x-report-inputs-hash'));
    expect(Buffer.from(await second.arrayBuffer()).equals(Buffer.from(await first.arrayBuffer()))).toBe(true);
    const other = await get(`/reports/joint-conference.csv?region=110000&from=2025-01-01&to=${to()}`, conference);
    expect(other.headers.get('x-report-inputs-hash')).not.toBe(first.headers.get('x-report-inputs-hash'));
  });

  it('rolls up by GB/T 2260: the country by province, a city by district', async () => {
    const national = table(await (await get(`/reports/joint-conference.csv?region=000000&from=2023-01-01&to=${to()}`, conference)).text());
    const provinces = [...new Set(data.institutions.map((i) => `${i.regionCode.slice(0, 2)}0000`))].sort();
    expect(national.rows.map((r) => r['区划代码'])).toEqual([...provinces, '000000']);
    expect(Number(national.rows.at(-1)!['机构数'])).toBe(300);
    const city = table(await (await get(`/reports/joint-conference.csv?region=440300&from=2023-01-01&to=${to()}`, conference)).text());
    expect(city.rows.map((r) => r['区划代码'])).toEqual(['440305', '440300']);
  });

  it('refuses callers who are not the joint conference, and bad parameters, with a coded error', async () => {
    const path = `/reports/joint-conference.csv?region=440000&from=2023-01-01&to=${to()}`;
    const anonymous = await get(path);
    expect([anonymous.status, ((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
    const moe = await get(path, await stack.tokenOf('moe-supervision-platform'));
    expect([moe.status, ((await moe.json()) as { errors: { extensions: { reason: string } }[] }).errors[0]!.extensions.reason]).toEqual([403, 'UNDECLARED_PURPOSE']);
    const forged = await get(path, `${conference.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    const outside = await get(path, await stack.tokenOf('joint-conference', { region: '110000' }));
    expect(outside.status).toBe(403);
    for (const [query, argument] of [['region=44&from=2023-01-01&to=2023-02-01', 'region'], ['region=440000&from=2023-02-30&to=2023-03-01', 'from'], [`region=440000&from=2023-01-01&to=${chinaToday(new Date())}`, 'to'], ['region=440000&from=2023-03-01&to=2023-01-01', 'from']]) {
      const bad = await get(`/reports/joint-conference.csv?${query}`, conference);
      const body = (await bad.json()) as { errors: { message: string; extensions: { code: string; argument: string } }[] };
      expect([bad.status, body.errors[0]!.extensions.code, body.errors[0]!.extensions.argument]).toEqual([400, 'BAD_USER_INPUT', argument]);
    }
  });

  it('reads every fact as the caller, so the gateway audits the report under its purpose', async () => {
    const records = await queryAuditLog({ kind: 'sqlite', file: stack.gateway.auditFile }, { consumer: 'joint-conference' }, 1000);
    const reads = records.filter((r) => r.purpose === 'JOINT_SUPERVISION_REPORT');
    expect(reads.length).toBeGreaterThanOrEqual(5);
    for (const r of reads) expect(r.outcome).toBe('SERVED');
  });
});
