import type { IdeAssets } from '../../../gateway/http/ide/ide-assets';
import type { JointReport } from '../../reports/joint-report';
import { ALERT_STATE_NAMES, CATEGORY_NAMES, COLUMNS, rate, reportMetadata } from '../../reports/report-table';
import { REPORT_SCRIPT } from './report-assets';

/** Everything the page loads is this service's: one bundled script, no inline script, no fetches. */
export function reportContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside a data block: `<` escaped so no text in the data can end the element. */
const jsonBlock = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');
const rateValue = (part: number, whole: number): number | null => (whole === 0 ? null : Number(rate(part, whole)));

/** The series the charts draw, from the report's rows (the total is in the table, not the charts). */
function chartData(report: JointReport) {
  const rows = report.rows;
  return {
    divisions: rows.map((r) => r.name),
    lists: [
      { name: '白名单', values: rows.map((r) => r.listWhite) },
      { name: '灰名单', values: rows.map((r) => r.listGrey) },
      { name: '黑名单', values: rows.map((r) => r.listBlack) },
      { name: '未列入', values: rows.map((r) => r.listNone) },
    ],
    complaintsByCategory: Object.entries(report.total.byCategory).filter(([, n]) => n > 0).map(([c, n]) => ({ name: CATEGORY_NAMES[c] ?? c, value: n })),
    alertsByLevel: [
      { name: '黄色', values: rows.map((r) => r.alertsYellow) },
      { name: '红色', values: rows.map((r) => r.alertsRed) },
    ],
    rates: [
      { name: '按时受理率', values: rows.map((r) => rateValue(r.acceptanceOnTime, r.acceptanceDecided)) },
      { name: '整改按时率', values: rows.map((r) => rateValue(r.rectificationsOnTime, r.rectificationsDue)) },
      { name: '检查覆盖率', values: rows.map((r) => rateValue(r.inspected, r.institutions)) },
      { name: '资金监管覆盖率', values: rows.map((r) => rateValue(r.custodyBalanceCny, r.custodyRequiredCny)) },
    ],
  };
}

/** The report as a page: identification, four charts and the full table. Deterministic but for the nonce. */
export function reportPage(report: JointReport, assets: IdeAssets, nonce: string, csvHref: string): string {
  const meta = reportMetadata(report).map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  const header = COLUMNS.map((c) => `<th>${escapeHtml(c.header)}</th>`).join('');
  const body = [...report.rows, report.total]
    .map((row, i, all) => `<tr${i === all.length - 1 ? ' class="total"' : ''}>${COLUMNS.map((c) => `<td>${escapeHtml(c.value(row))}</td>`).join('')}</tr>`)
    .join('\n');
  const states = Object.entries(report.total.alertsByState).map(([s, n]) => `${escapeHtml(ALERT_STATE_NAMES[s] ?? s)} ${n}`).join('，');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>联席会议监管报表 · ${escapeHtml(report.regionName)} · ${escapeHtml(report.from)} 至 ${escapeHtml(report.to)}</title>
<link rel="icon" href="data:,">
<style nonce="${nonce}">
body { font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif; margin: 24px; color: #1c2833; }
h1 { font-size: 20px; margin: 0 0 12px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; font-size: 13px; margin: 0 0 16px; }
dt { color: #5d6d7e; } dd { margin: 0; word-break: break-all; }
.charts { display: grid; grid-template-columns: repeat(2, minmax(320px, 1fr)); gap: 16px; margin-bottom: 16px; }
.chart { height: 300px; border: 1px solid #d5dbdb; border-radius: 4px; }
table { border-collapse: collapse; font-size: 12px; }
th, td { border: 1px solid #d5dbdb; padding: 3px 6px; text-align: right; white-space: nowrap; }
th { background: #f2f4f4; } td:nth-child(2), th:nth-child(2) { text-align: left; }
tr.total td { font-weight: bold; background: #fbfcfc; }
.scroll { overflow-x: auto; }
</style>
<script id="report-data" type="application/json">${jsonBlock(chartData(report))}</script>
<script defer src="assets/${REPORT_SCRIPT}?v=${assets.version}"></script>
</head>
<body>
<h1>在线教育联席会议监管报表 · ${escapeHtml(report.regionName)}</h1>
<dl>${meta}</dl>
<p><a href="${escapeHtml(csvHref)}">下载 CSV</a> · 预警处置：${states}</p>
<div class="charts">
<div class="chart" id="chart-lists"></div>
<div class="chart" id="chart-complaints"></div>
<div class="chart" id="chart-alerts"></div>
<div class="chart" id="chart-rates"></div>
</div>
<div class="scroll"><table>
<thead><tr>${header}</tr></thead>
<tbody>
${body}
</tbody>
</table></div>
<noscript>图表需要 JavaScript；表格与 CSV 不需要。</noscript>
</body>
</html>
`;
}
