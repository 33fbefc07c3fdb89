import { seedFinanceHistories } from './seed-history';
import type { SqliteDatabase } from '../../shared/database';
import { Random } from '../../shared/seed/random';
import { SEED_TODAY, type SeedInstitution } from '../../shared/seed/seed-institution';
import { REQUIRED_COVERAGE_RATIO } from '../types/prepaid-custody.type';
import { addDays, addYears } from '../../shared/seed/seed-dates';
import { custodyFloorOf } from '../../shared/seed/custody-floor';

/** Provincial offices of the three regulators, by the first digits of the GB/T 2260 code. */
interface Regulators {
  abbr: string;
  PBOC: string;
  NFRA: string;
  CSRC: string;
}
function regulators(abbr: string, place: string, pbocPlace = place): Regulators {
  return {
    abbr,
    PBOC: `中国人民银行${pbocPlace}分行`,
    NFRA: `国家金融监督管理总局${place}监管局`,
    CSRC: `中国证券监督管理委员会${place}监管局`,
  };
}
const REGULATORS_BY_PREFIX: readonly [string, Regulators][] = [
  ['4403', regulators('深', '深圳', '深圳市')],
  ['11', regulators('京', '北京', '北京市')],
  ['31', regulators('沪', '上海', '上海市')],
  ['44', regulators('粤', '广东', '广东省')],
  ['33', regulators('浙', '浙江', '浙江省')],
  ['32', regulators('苏', '江苏', '江苏省')],
  ['42', regulators('鄂', '湖北', '湖北省')],
  ['51', regulators('川', '四川', '四川省')],
  ['61', regulators('陕', '陕西', '陕西省')],
  ['50', regulators('渝', '重庆', '重庆市')],
];
const FALLBACK_REGULATORS = regulators('京', '北京', '北京市');

const BANKS = ['中国工商银行', '中国建设银行', '中国银行', '中国农业银行', '交通银行', '招商银行', '中信银行', '兴业银行', '浦发银行', '北京银行'];
const ACCOUNT_PREFIXES = ['6222', '6228', '6217', '1109', '3100', '4420'];

const VENTURE_ROUNDS = ['ANGEL', 'PRE_A', 'SERIES_A', 'SERIES_B', 'SERIES_C', 'SERIES_D_PLUS'] as const;
/** Amount ranges in units of 10,000 CNY (万元). */
const ROUND_AMOUNT_WAN: Record<string, [number, number]> = {
  ANGEL: [100, 500],
  PRE_A: [500, 2000],
  SERIES_A: [2000, 10000],
  SERIES_B: [5000, 30000],
  SERIES_C: [10000, 80000],
  SERIES_D_PLUS: [30000, 200000],
  STRATEGIC: [5000, 100000],
  IPO: [50000, 300000],
  BOND: [10000, 100000],
};
const INVESTOR_CITIES = ['北京', '上海', '深圳', '杭州', '苏州', '宁波', '珠海'];
const INVESTOR_BRANDS = ['启航', '远景', '明德', '致远', '磐石', '鲲鹏', '星河', '博观', '厚德', '润禾', '知新', '嘉禾'];
const INVESTOR_FORMS = ['创业投资基金合伙企业（有限合伙）', '股权投资管理有限公司', '产业投资基金（有限合伙）', '私募基金管理有限公司'];

const VIOLATIONS: Record<'PBOC' | 'NFRA' | 'CSRC', readonly string[]> = {
  PBOC: [
    '未经许可从事支付结算业务，通过自有账户归集学员预付资金（“二清”）',
    '违反人民币银行结算账户管理规定，预收费资金未进入监管专用账户',
    '违反反洗钱规定，未按规定识别大额预付款客户身份',
  ],
  NFRA: [
    '与放贷机构合作违规开展“培训贷”业务，诱导学员贷款缴费',
    '未经批准变相从事融资担保业务，为学员分期付款提供担保',
  ],
  CSRC: [
    '年度报告存在虚假记载，隐瞒预收费资金挪用事项',
    '未按规定及时披露重大诉讼及资金冻结事项',
    '未经核准向不特定对象发行“学费收益权”份额',
  ],
};
const FINE_WAN: Record<'PBOC' | 'NFRA' | 'CSRC', [number, number]> = { PBOC: [1, 200], NFRA: [20, 500], CSRC: [50, 1000] };

function cny(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Finance's view of the seeded world: custody, financing, regulator penalties, credit-reference flags. */
export function seedFinance(db: SqliteDatabase, institutions: readonly SeedInstitution[], random: Random): void {
  const insert = {
    custody: db.prepare('INSERT INTO prepaid_custody VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    financing: db.prepare('INSERT INTO financing_events VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    penalty: db.prepare('INSERT INTO financial_penalties VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    credit: db.prepare('INSERT INTO credit_reference_indicators VALUES (?, ?, ?, ?, ?)'),
  };
  const asOf = `${SEED_TODAY}T08:00:00.000Z`;
  const monthEnd = '2026-10-31';
  const custodyFloor = custodyFloorOf();

  institutions.forEach((inst, index) => {
    const r = random.fork(inst.uscc);
    const risk = inst.risk;
    const offices = REGULATORS_BY_PREFIX.find(([prefix]) => inst.regionCode.startsWith(prefix))?.[1] ?? FALLBACK_REGULATORS;

    // Prepaid-fee custody: GOOD covered, MINOR mostly covered, TROUBLED well short, REVOKED nearly empty.
    const hasCustody = risk === 'TROUBLED' || risk === 'REVOKED' || r.chance(risk === 'GOOD' ? 0.92 : 0.95);
    if (hasCustody) {
      const mode = r.chance(0.7) ? 'BANK_CUSTODY' : 'RISK_RESERVE';
      const outstanding = r.int(50, 20_000) * 1000;
      const required = outstanding * REQUIRED_COVERAGE_RATIO[mode];
      const coverage =
        risk === 'GOOD' ? 1 + r.next() * 0.3
        : risk === 'MINOR' ? (r.chance(0.85) ? 1 + r.next() * 0.2 : 0.9 + r.next() * 0.09)
        : risk === 'TROUBLED' ? 0.3 + r.next() * 0.45
        : r.next() * 0.15;
      const district = inst.regionName.slice(3, 5);
      insert.custody.run(
        inst.uscc, mode,
        `${r.pick(BANKS)}${inst.regionName.slice(0, 2)}${district}支行`,
        `${r.pick(ACCOUNT_PREFIXES)} **** **** ${r.digits(4)}`,
        mode === 'RISK_RESERVE' ? Math.ceil(required / 10_000) * 10_000 : null,
        // A GOOD institution also keeps above its region's warning line (Hangzhou's 300,000 yuan); no draw, so later rows stay put.
        risk === 'GOOD' ? Math.max(cny(required * coverage), custodyFloor(inst.regionCode) + 10_000) : cny(required * coverage),
        outstanding,
        risk === 'TROUBLED' && r.chance(0.3) ? '2026-09-30' : monthEnd,
        asOf,
      );
    }

    // Financing: rounds climb over time; REVOKED ones raised money before they collapsed.
    const events = risk === 'REVOKED' ? r.int(1, 3) : r.int(0, risk === 'GOOD' ? 3 : 2);
    const dates = Array.from({ length: events }, () => r.date(inst.establishedOn, SEED_TODAY)).sort();
    let stage = r.int(0, 3);
    dates.forEach((closedOn, k) => {
      const round =
        r.chance(0.04) ? 'BOND'
        : r.chance(0.04) ? 'IPO'
        : r.chance(0.1) ? 'STRATEGIC'
        : VENTURE_ROUNDS[Math.min(stage++, VENTURE_ROUNDS.length - 1)] ?? 'ANGEL';
      const [low, high] = ROUND_AMOUNT_WAN[round] ?? [100, 500];
      const investors = Array.from({ length: r.int(1, 4) }, () =>
        `${r.pick(INVESTOR_CITIES)}${r.pick(INVESTOR_BRANDS)}${r.pick(INVESTOR_FORMS)}`,
      ).filter((v, i, a) => a.indexOf(v) === i);
      const recordingBody =
        round === 'IPO' ? '中国证券监督管理委员会'
        : round === 'BOND' ? r.pick(['中国银行间市场交易商协会', '上海证券交易所', '深圳证券交易所'])
        : r.chance(0.3) ? '中国证券投资基金业协会'
        : null;
      insert.financing.run(
        `${inst.uscc}-F${k + 1}`, inst.uscc, round, closedOn, r.int(low, high) * 10_000,
        JSON.stringify(investors), recordingBody, asOf,
      );
    });

    // Penalties: MINOR old or repaired, TROUBLED active in their window, REVOKED severe and active.
    let penaltyNo = 0;
    const penalty = (status: string, decidedOn: string, windowYears: number, severity: number): void => {
      const regulator = r.pick(['PBOC', 'PBOC', 'NFRA', 'CSRC'] as const);
      const year = decidedOn.slice(0, 4);
      const serial = index * 8 + penaltyNo + 1;
      const documentNo =
        regulator === 'PBOC' ? `${offices.abbr}银罚决字〔${year}〕${serial}号`
        : regulator === 'NFRA' ? `${offices.abbr}金罚决字〔${year}〕${serial}号`
        : `${offices.abbr}证监处罚字〔${year}〕${serial}号`;
      const [low, high] = FINE_WAN[regulator];
      const start = addDays(decidedOn, r.int(3, 7));
      penaltyNo += 1;
      insert.penalty.run(
        `${inst.uscc}-P${penaltyNo}`, inst.uscc, regulator, offices[regulator], documentNo, r.pick(VIOLATIONS[regulator]),
        r.int(low, high) * 10_000 * severity, decidedOn, status, start, addYears(start, windowYears), asOf,
      );
    };
    if (risk === 'GOOD') {
      if (r.chance(0.03)) penalty('EXPIRED', r.date('2019-01-01', '2022-12-31'), 1, 1);
    } else if (risk === 'MINOR') {
      if (r.chance(0.45)) {
        if (r.chance(0.6)) penalty('EXPIRED', r.date('2020-01-01', '2024-06-30'), 1, 1);
        else penalty('WITHDRAWN_AFTER_REPAIR', r.date('2025-01-01', '2026-06-30'), 1, 1);
      }
    } else if (risk === 'TROUBLED') {
      const count = r.int(1, 2);
      for (let k = 0; k < count; k += 1) penalty('ACTIVE', r.date('2025-12-01', '2026-10-15'), r.chance(0.7) ? 1 : 3, 1);
      if (r.chance(0.1)) penalty('REVOKED', r.date('2024-01-01', '2025-12-31'), 1, 1);
    } else {
      const count = r.int(1, 3);
      for (let k = 0; k < count; k += 1) penalty('ACTIVE', r.date('2024-12-01', '2026-10-15'), 3, r.int(2, 5));
      if (r.chance(0.5)) penalty('EXPIRED', r.date('2019-01-01', '2022-12-31'), 1, 1);
      if (r.chance(0.15)) penalty('REVOKED', r.date('2024-01-01', '2025-12-31'), 3, 1);
    }

    // Credit-reference flags: derived bands only, monthly reporting date.
    const hasCreditRecord = risk === 'TROUBLED' || risk === 'REVOKED' || r.chance(risk === 'GOOD' ? 0.85 : 0.9);
    if (hasCreditRecord) {
      const overdue =
        risk === 'GOOD' ? (r.chance(0.02) ? 'LT_30_DAYS' : 'NONE')
        : risk === 'MINOR' ? (r.chance(0.2) ? 'LT_30_DAYS' : 'NONE')
        : risk === 'TROUBLED' ? r.pick(['LT_30_DAYS', 'FROM_30_TO_90_DAYS', 'FROM_30_TO_90_DAYS', 'GT_90_DAYS'])
        : r.pick(['GT_90_DAYS', 'GT_90_DAYS', 'GT_90_DAYS', 'FROM_30_TO_90_DAYS']);
      const guarantee =
        risk === 'GOOD' || risk === 'MINOR' ? r.pick(['NONE', 'NONE', 'NONE', 'LT_1M_CNY', 'LT_1M_CNY', 'FROM_1M_TO_10M_CNY'])
        : risk === 'TROUBLED' ? r.pick(['NONE', 'LT_1M_CNY', 'FROM_1M_TO_10M_CNY', 'GT_10M_CNY'])
        : r.pick(['FROM_1M_TO_10M_CNY', 'GT_10M_CNY', 'GT_10M_CNY']);
      insert.credit.run(inst.uscc, overdue, guarantee, r.chance(0.9) ? monthEnd : '2026-09-30', asOf);
    }
  });
  seedFinanceHistories(db, new Set(institutions.filter(promotesBeforeCollapse).map((i) => i.uscc)));
}

/** A third of the troubled: sales up while the custody balance fell, from a stream of its own so no other row shifts. */
function promotesBeforeCollapse(inst: SeedInstitution): boolean {
  return (inst.risk === 'TROUBLED' || inst.risk === 'REVOKED') && new Random(`sales-spike:${inst.uscc}`).chance(0.35);
}
