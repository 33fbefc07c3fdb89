import type { JointReport } from './joint-report';
import { COLUMNS, reportMetadata } from './report-table';

/** RFC 4180: quote a field that holds a comma, a quote or a line break; double the quotes. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The report as CSV: UTF-8 with a byte-order mark (so Excel opens Chinese text), CRLF line ends,
 * the identification first, a blank line, then one row per division and the total.
 */
export function reportCsv(report: JointReport): Buffer {
  const lines: string[] = reportMetadata(report).map(([k, v]) => [k, v].map(field).join(','));
  lines.push('');
  lines.push(COLUMNS.map((c) => field(c.header)).join(','));
  for (const row of [...report.rows, report.total]) lines.push(COLUMNS.map((c) => field(c.value(row))).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}
