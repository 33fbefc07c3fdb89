import { ALERT_STATES, COMPLAINT_CATEGORIES, type JointReport, type ReportRow } from './joint-report';

/** A rate as printed: four decimals, or empty when there is nothing to divide by (no 0/0 = 0 that reads as failure). */
export function rate(part: number, whole: number): string {
  return whole === 0 ? '' : (part / whole).toFixed(4);
}

const money = (n: number): string => n.toFixed(2);

const CATEGORY_LABELS: Record<string, string> = {
  REFUND: '退费', FALSE_ADVERTISING: '虚假宣传', TEACHING_QUALITY: '教学质量', UNQUALIFIED_TRAINER: '师资无资质',
  OVERCHARGING: '超限收费', PERSONAL_DATA: '个人信息', OTHER: '其他',
};
const STATE_LABELS: Record<string, string> = {
  RAISED: '待签收', ACKNOWLEDGED: '已签收', ASSESSED: '已研判', DISPOSED: '已处置', CLOSED: '已办结', FALSE_POSITIVE: '误报',
};

/** The report's columns: a header in Chinese (what Excel users read) and the value of a row. */
export const COLUMNS: readonly { readonly header: string; readonly value: (r: ReportRow) => string }[] = [
  { header: '区划代码', value: (r) => r.code },
  { header: '区划名称', value: (r) => r.name },
  { header: '机构数', value: (r) => String(r.institutions) },
  { header: '白名单', value: (r) => String(r.listWhite) },
  { header: '灰名单', value: (r) => String(r.listGrey) },
  { header: '黑名单', value: (r) => String(r.listBlack) },
  { header: '未列入名单', value: (r) => String(r.listNone) },
  { header: '投诉数', value: (r) => String(r.complaints) },
  ...COMPLAINT_CATEGORIES.map((c) => ({ header: `投诉-${CATEGORY_LABELS[c]}`, value: (r: ReportRow) => String(r.byCategory[c] ?? 0) })),
  { header: '受理决定数', value: (r) => String(r.acceptanceDecided) },
  { header: '按时受理率', value: (r) => rate(r.acceptanceOnTime, r.acceptanceDecided) },
  { header: '调解办结数', value: (r) => String(r.mediationConcluded) },
  { header: '调解成功率', value: (r) => rate(r.mediationSettled, r.mediationConcluded) },
  { header: '调解按时率', value: (r) => rate(r.mediationOnTime, r.mediationConcluded) },
  { header: '行政处罚数', value: (r) => String(r.penalties) },
  { header: '罚没金额(元)', value: (r) => money(r.finesCny) },
  { header: '到期整改数', value: (r) => String(r.rectificationsDue) },
  { header: '整改按时率', value: (r) => rate(r.rectificationsOnTime, r.rectificationsDue) },
  { header: '检查覆盖机构数', value: (r) => String(r.inspected) },
  { header: '检查覆盖率', value: (r) => rate(r.inspected, r.institutions) },
  { header: '纳入资金监管机构数', value: (r) => String(r.custodyInstitutions) },
  { header: '资金监管覆盖率', value: (r) => rate(r.custodyBalanceCny, r.custodyRequiredCny) },
  { header: '监管资金达标率', value: (r) => rate(r.custodyCompliant, r.custodyInstitutions) },
  { header: '黄色预警', value: (r) => String(r.alertsYellow) },
  { header: '红色预警', value: (r) => String(r.alertsRed) },
  ...ALERT_STATES.map((s) => ({ header: `预警-${STATE_LABELS[s]}`, value: (r: ReportRow) => String(r.alertsByState[s] ?? 0) })),
];

/** The report's identification, printed above the table (CSV) and in the page's header. */
export function reportMetadata(report: JointReport): [string, string][] {
  return [
    ['报表', '在线教育联席会议监管报表'],
    ['区划', `${report.regionName}（${report.region}）`],
    ['统计期间', `${report.from} 至 ${report.to}`],
    ['数据截止', `${report.to}T23:59:59.999+08:00（${report.cutoff}）`],
    ['区划代码表', report.codeTableVersion],
    ['工作日历', report.calendarVersion],
    ['报表版本', report.version],
    ['输入哈希', report.inputsHash],
    ['说明', '名单状态与资金监管为数据截止时状态；受理、调解、整改按时率按工作日计算；比率无分母时留空。'],
  ];
}

export const CATEGORY_NAMES = CATEGORY_LABELS;
export const ALERT_STATE_NAMES = STATE_LABELS;
