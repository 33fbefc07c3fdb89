import { hashResidentId, SEED_PERSON_HASH_KEY } from '../../../common/identifiers';
import { seedMarketHistories } from './seed-history';
import type { SqliteDatabase } from '../../shared/database';
import type { Random } from '../../shared/seed/random';
import { SEED_TODAY, type SeedInstitution } from '../../shared/seed/seed-institution';
import { makeRegistrationNo } from '../../../common/identifiers/registration-no';
import { addDays, addMonths, earlierDate, laterDate } from '../../shared/seed/seed-dates';
import { provinceOf } from '../../shared/seed/seed-institutions';

/** Province-level names and abbreviations, by the first two digits of the GB/T 2260 code. */
/** Provincial culture and tourism authorities, which license online-culture operations. */
const CULTURE_AUTHORITY: Record<string, string> = {
  '11': '北京市文化和旅游局',
  '31': '上海市文化和旅游局',
  '50': '重庆市文化和旅游发展委员会',
};
const cultureAuthorityOf = (code: string): string => CULTURE_AUTHORITY[code.slice(0, 2)] ?? `${provinceOf(code).name}文化和旅游厅`;
/** City abbreviations used in penalty document numbers, by the first four digits. */
const CITY_ABBR: Record<string, string> = {
  '1101': '京', '3101': '沪', '4401': '穗', '4403': '深', '3301': '杭', '3201': '宁', '4201': '武', '5101': '成', '6101': '西', '5001': '渝',
};
const STREETS: Record<string, readonly string[]> = {
  '110108': ['中关村大街', '海淀大街', '学院路', '知春路', '北四环西路'],
  '110105': ['建国路', '望京街', '朝阳北路', '酒仙桥路'],
  '310104': ['漕溪北路', '虹桥路', '宜山路', '田林路'],
  '310115': ['张江路', '世纪大道', '博云路', '碧波路'],
  '440106': ['天河路', '珠江西路', '体育西路', '中山大道西'],
  '440305': ['高新南七道', '深南大道', '科苑路', '海天二路'],
  '330106': ['文三路', '西溪路', '天目山路', '教工路'],
  '320106': ['中山北路', '汉中门大街', '广州路'],
  '420111': ['珞喻路', '光谷大道', '关山大道'],
  '510107': ['天府大道北段', '科华北路', '人民南路四段'],
  '610113': ['科技路', '高新路', '小寨东路'],
  '500112': ['金开大道', '星光大道', '新南路'],
};
const ENTITY_TYPES = ['有限责任公司(自然人投资或控股)', '有限责任公司(自然人投资或控股)', '有限责任公司(自然人独资)', '其他有限责任公司', '股份有限公司(非上市、自然人投资或控股)'];
const CAPITALS = [100_000, 500_000, 1_000_000, 1_000_000, 3_000_000, 5_000_000, 10_000_000, 30_000_000];
const SCOPE_BY_KIND: Record<string, string> = {
  SUBJECT_TUTORING: '教育咨询服务（不含涉许可审批的教育培训活动）；互联网数据服务；图书、电子出版物零售',
  QUALITY_EDUCATION: '体育、艺术、科技类校外培训（非学科类）；组织文化艺术交流活动；文艺创作',
  VOCATIONAL_TRAINING: '职业技能培训（不含需取得许可的职业技能培训）；人力资源服务（不含职业中介活动、劳务派遣服务）',
  LANGUAGE_TRAINING: '外语培训（面向成人，非学科类）；翻译服务；组织文化艺术交流活动',
  EXAM_PREPARATION: '面向成人的考试辅导服务（不含学科类培训）；会议及展览服务；教育咨询服务',
};

interface Violation {
  readonly type: string;
  readonly facts: string;
  readonly legalBasis: string;
  /** 0 means a warning without a fine. */
  readonly fines: readonly number[];
  /** Warnings and low fines are public for three months, everything else for three years. */
  readonly small?: boolean;
}
const VIOLATIONS: readonly Violation[] = [
  {
    type: '虚假宣传',
    facts: '在官网及App课程详情页宣称"985名校师资""保证提分30分"，经查其授课教师均非所称院校毕业，所称提分效果无事实依据，对商品的性能、用途作虚假的商业宣传',
    legalBasis: '《中华人民共和国反不正当竞争法》第八条第一款、第二十条第一款',
    fines: [200_000, 300_000, 500_000],
  },
  {
    type: '价格欺诈',
    facts: '在课程销售页面标示"原价4980元，限时特惠1980元"，经查该课程在促销前七日内无以4980元成交的记录，虚构原价诱骗消费者购买',
    legalBasis: '《中华人民共和国价格法》第十四条第四项、第四十条第一款；《明码标价和禁止价格欺诈规定》第十九条第一项',
    fines: [50_000, 100_000, 150_000],
  },
  {
    type: '发布违法广告',
    facts: '在短视频平台投放的课程广告中含有"不过全额退费""保证通过"等对通过考试作出保证性承诺的内容，并利用学员名义作推荐、证明',
    legalBasis: '《中华人民共和国广告法》第二十四条第一项、第三项，第五十八条第一款',
    fines: [100_000, 150_000, 200_000],
  },
  {
    type: '利用格式条款侵害消费者权益',
    facts: '在《课程服务协议》中设置"课程一经售出概不退款""本公司拥有最终解释权"等排除、限制消费者权利的格式条款',
    legalBasis: '《中华人民共和国消费者权益保护法》第二十六条第二款；《合同行政监督管理办法》第六条、第十八条',
    fines: [5_000, 10_000, 20_000],
    small: true,
  },
  {
    type: '未按规定明码标价',
    facts: '线上课程销售页面未标示课时数、单课时价格及收费方式，价格标示不完整',
    legalBasis: '《中华人民共和国价格法》第十三条第一款、第四十二条；《明码标价和禁止价格欺诈规定》第五条',
    fines: [0, 2_000, 5_000],
    small: true,
  },
];
const SMALL_VIOLATIONS = VIOLATIONS.filter((v) => v.small);
const LONG_VIOLATIONS = VIOLATIONS.filter((v) => !v.small);
const SEVERE_FALSE_ADVERTISING: Violation = {
  type: '虚假宣传',
  facts: '长期以"签约保分""不过全额退费"为噱头对课程效果作虚假的商业宣传，并拒不履行退费承诺，涉及学员300余人，情节严重',
  legalBasis: '《中华人民共和国反不正当竞争法》第八条第一款、第二十条第一款',
  fines: [1_000_000, 1_500_000, 2_000_000],
};
const DORMANT_COMPANY: Violation = {
  type: '成立后无正当理由超过六个月未开业或开业后自行停业连续六个月以上',
  facts: '经查，该公司通过登记的住所无法联系，自2023年起停止经营活动连续六个月以上，且连续三年未报送年度报告',
  legalBasis: '《中华人民共和国公司法》第二百六十条第一款',
  fines: [0],
};
const REMOVAL_REASONS: Record<string, string> = {
  NO_ANNUAL_REPORT: '依法补报了未报年份的年度报告并公示，申请移出',
  INFORMATION_NOT_PUBLISHED: '已履行有关企业信息公示义务，申请移出',
  FALSE_INFORMATION: '已更正其公示的企业信息，申请移出',
  UNREACHABLE_AT_ADDRESS: '依法办理住所变更登记，通过登记的住所可以重新取得联系，申请移出',
};
const SERIOUS_AFTER_ABNORMAL = '被列入经营异常名录届满3年仍未履行相关义务';
const SERIOUS_AFTER_PENALTY = '实施虚假宣传不正当竞争行为，受到较重行政处罚，违法行为情节严重、社会影响恶劣';


/** Where a seeded penalty's publicity life stands today; STALE_ACTIVE is ACTIVE with a window that has run out. */
type PenaltyFate = 'ACTIVE' | 'EXPIRED' | 'STALE_ACTIVE' | 'WITHDRAWN_AFTER_REPAIR' | 'REVOKED';

/** Market regulation's view of the seeded world: registration, licences, penalties, lists, checks, reports. */
export function seedMarket(db: SqliteDatabase, institutions: readonly SeedInstitution[], random: Random): void {
  const insert = {
    registration: db.prepare('INSERT INTO registrations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    licence: db.prepare('INSERT INTO licences VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    penalty: db.prepare('INSERT INTO penalties VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)'),
    abnormal: db.prepare('INSERT INTO abnormal_operation_listings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    serious: db.prepare('INSERT INTO serious_violation_listings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    spotCheck: db.prepare('INSERT INTO spot_checks VALUES (?, ?, ?, ?, ?, ?, ?)'),
    annualReport: db.prepare('INSERT INTO annual_reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
  };
  const asOf = `${SEED_TODAY}T08:00:00.000Z`;
  const todayYear = Number(SEED_TODAY.slice(0, 4));

  // In USCC order, so every uscc-led index grows at its end instead of at random pages (much faster at 100,000).
  const ordered = institutions.map((inst, index) => ({ inst, index })).sort((a, b) => (a.inst.uscc < b.inst.uscc ? -1 : 1));
  for (const { inst, index } of ordered) {
    const r = random.fork(inst.uscc);
    const province = provinceOf(inst.regionCode);
    const cityAbbr = CITY_ABBR[inst.regionCode.slice(0, 4)] ?? province.abbr;
    const authority = `${inst.regionName}市场监督管理局`;
    const docPrefix = `${cityAbbr}${inst.regionName.charAt(3)}市监处罚`;
    // A non-profit private school (USCC 52…) registers with civil affairs: market regulation holds
    // no registration, annual report, licence or abnormal listing for it, only penalties and lists.
    const enterprise = !inst.nonProfit;
    const establishedYear = Number(inst.establishedOn.slice(0, 4));

    let penaltyCount = 0;
    const penalty = (violation: Violation, decidedOn: string, fate: PenaltyFate, content?: (fine: number) => string) => {
      penaltyCount += 1;
      const fine = r.pick(violation.fines);
      const start = addDays(decidedOn, r.int(3, 15));
      const plannedEnd = violation.small ? addDays(addMonths(start, 3), -1) : addDays(addMonths(start, 36), -1);
      // A stale row: the window has run out but the status was never updated.
      const publicityStatus = fate === 'STALE_ACTIVE' ? 'ACTIVE' : fate;
      let end = plannedEnd;
      if (fate === 'WITHDRAWN_AFTER_REPAIR') end = earlierDate(addDays(start, r.int(violation.small ? 30 : 92, 400)), addDays(SEED_TODAY, -1));
      if (fate === 'REVOKED') end = earlierDate(addDays(start, r.int(20, 200)), addDays(SEED_TODAY, -1));
      const defaultContent = fine === 0 ? '警告' : `${violation.small ? '警告；' : ''}罚款人民币${fine}元`;
      insert.penalty.run(
        `${inst.uscc}-PN${penaltyCount}`, inst.uscc, `${docPrefix}〔${decidedOn.slice(0, 4)}〕${r.int(100, 9999)}号`,
        violation.type, violation.facts, violation.legalBasis, content ? content(fine) : defaultContent,
        fine === 0 ? null : fine, decidedOn, authority, publicityStatus, start, end, asOf,
      );
    };
    /** A penalty whose window (planned or cut short) lies before today, whatever its status. */
    const pastPenalty = (fate: Exclude<PenaltyFate, 'ACTIVE'>) => {
      if (fate === 'EXPIRED' || fate === 'STALE_ACTIVE') {
        // A three-year window must have started before 2023-10 to be over now.
        const violation = r.pick(inst.establishedOn <= '2023-06-30' ? VIOLATIONS : SMALL_VIOLATIONS);
        const decidedOn = violation.small
          ? r.date(laterDate(inst.establishedOn, '2019-01-01'), '2026-06-30')
          : r.date(laterDate(inst.establishedOn, '2018-01-01'), '2023-09-30');
        penalty(violation, decidedOn, fate);
      } else {
        penalty(r.pick(VIOLATIONS), r.date(laterDate(inst.establishedOn, '2022-01-01'), '2025-12-31'), fate);
      }
    };
    /** A penalty still inside its three-year window. */
    const activePenalty = () => {
      penalty(r.pick(LONG_VIOLATIONS), laterDate(r.date('2024-06-01', addDays(SEED_TODAY, -20)), inst.establishedOn), 'ACTIVE');
    };

    let abnormalCount = 0;
    const abnormal = (reason: string, listedOn: string, removedOn: string | null, status: string, removalReason?: string) => {
      abnormalCount += 1;
      insert.abnormal.run(
        `${inst.uscc}-AB${abnormalCount}`, inst.uscc, reason, listedOn, authority, removedOn,
        removedOn ? (removalReason ?? REMOVAL_REASONS[reason] ?? null) : null,
        status, listedOn, removedOn, asOf,
      );
    };
    let seriousCount = 0;
    const serious = (reason: string, listedOn: string, status: string, end: string) => {
      seriousCount += 1;
      insert.serious.run(`${inst.uscc}-SV${seriousCount}`, inst.uscc, reason, listedOn, authority, status, listedOn, end, asOf);
    };

    // ---- the institution's story, by risk ------------------------------------------------------
    let lastReportYear = todayYear - 1;
    /** A report filed late, on the day the listing for it was removed. */
    let lateReport: { year: number; submittedOn: string } | null = null;
    const spotChecks: { result: string; checkedOn?: string }[] = [];
    const spot = (result: string, checkedOn?: string) => spotChecks.push({ result, checkedOn });
    let status: 'OPERATING' | 'REVOKED' | 'CANCELLED' = 'OPERATING';

    switch (inst.risk) {
      case 'GOOD': {
        if (r.chance(0.08)) pastPenalty('EXPIRED');
        if (enterprise && r.chance(0.01)) status = 'CANCELLED';
        for (let k = r.int(0, 2); k > 0; k -= 1) spot(r.chance(0.9) ? 'NO_PROBLEM_FOUND' : 'ACTIVITY_NOT_FOUND');
        break;
      }
      case 'MINOR': {
        const count = r.int(1, 2);
        for (let k = 0; k < count; k += 1) {
          const roll = r.next();
          pastPenalty(roll < 0.4 ? 'EXPIRED' : roll < 0.75 ? 'WITHDRAWN_AFTER_REPAIR' : roll < 0.87 ? 'STALE_ACTIVE' : 'REVOKED');
        }
        if (enterprise && r.chance(0.4)) {
          const reason = r.pick(['NO_ANNUAL_REPORT', 'NO_ANNUAL_REPORT', 'UNREACHABLE_AT_ADDRESS', 'INFORMATION_NOT_PUBLISHED']);
          // The first report is due by 30 June of the year after establishment.
          const year = r.int(Math.min(Math.max(establishedYear + 1, 2020), todayYear - 1), todayYear - 1);
          const listedOn = reason === 'NO_ANNUAL_REPORT' ? r.date(`${year}-07-01`, `${year}-08-31`) : r.date(`${year}-01-01`, `${year}-10-31`);
          const removedOn = earlierDate(addDays(listedOn, r.int(15, 240)), addDays(SEED_TODAY, -1));
          if (r.chance(0.15)) {
            abnormal(reason, listedOn, removedOn, 'REVOKED', '列入经营异常名录决定有误，依职权撤销列入决定');
          } else {
            abnormal(reason, listedOn, removedOn, 'WITHDRAWN_AFTER_REPAIR');
            if (reason === 'NO_ANNUAL_REPORT') lateReport = { year: year - 1, submittedOn: removedOn };
          }
        }
        if (r.chance(0.04)) {
          // A serious-violation listing from years ago, with the penalty behind it: both served out,
          // or both taken down early after credit repair.
          const fineOnly = (fine: number) => `罚款人民币${fine}元`;
          if (inst.establishedOn < '2023-01-01' && r.chance(0.5)) {
            const listedOn = r.date(laterDate(addMonths(inst.establishedOn, 6), '2019-09-01'), '2023-06-30');
            penalty(SEVERE_FALSE_ADVERTISING, addDays(listedOn, -r.int(10, 28)), 'EXPIRED', fineOnly);
            serious(SERIOUS_AFTER_PENALTY, listedOn, 'EXPIRED', addDays(addMonths(listedOn, 36), -1));
          } else {
            const listedOn = r.date(laterDate(addMonths(inst.establishedOn, 6), '2023-01-01'), '2025-06-30');
            penalty(SEVERE_FALSE_ADVERTISING, addDays(listedOn, -r.int(10, 28)), 'WITHDRAWN_AFTER_REPAIR', fineOnly);
            serious(SERIOUS_AFTER_PENALTY, listedOn, 'WITHDRAWN_AFTER_REPAIR', earlierDate(addDays(listedOn, r.int(366, 500)), addDays(SEED_TODAY, -1)));
          }
        }
        if (enterprise && r.chance(0.04)) status = 'CANCELLED';
        for (let k = r.int(0, 2); k > 0; k -= 1) spot(r.pick(['NO_PROBLEM_FOUND', 'PROBLEM_CORRECTED', 'PROBLEM_CORRECTED']));
        break;
      }
      case 'TROUBLED': {
        const count = r.int(1, 2);
        for (let k = 0; k < count; k += 1) activePenalty();
        if (r.chance(0.3)) pastPenalty('EXPIRED');
        if (enterprise) {
          const roll = r.next();
          if (roll < 0.5 && establishedYear < todayYear - 1) {
            abnormal('NO_ANNUAL_REPORT', r.date(`${todayYear}-07-01`, `${todayYear}-08-31`), null, 'ACTIVE');
            lastReportYear = todayYear - 2;
            spot('INFORMATION_NOT_PUBLISHED', r.date(`${todayYear}-09-01`, addDays(SEED_TODAY, -1)));
          } else if (roll < 0.8) {
            const checkedOn = r.date('2025-01-01', addDays(SEED_TODAY, -40));
            spot('UNREACHABLE_AT_ADDRESS', checkedOn);
            abnormal('UNREACHABLE_AT_ADDRESS', addDays(checkedOn, r.int(10, 30)), null, 'ACTIVE');
          } else {
            const reason = r.pick(['INFORMATION_NOT_PUBLISHED', 'FALSE_INFORMATION']);
            const listedOn = r.date('2025-01-01', addDays(SEED_TODAY, -10));
            spot(reason, addDays(listedOn, -r.int(10, 40)));
            abnormal(reason, listedOn, null, 'ACTIVE');
          }
        }
        if (r.chance(0.5)) spot('PROBLEM_CORRECTED');
        break;
      }
      case 'REVOKED': {
        const dormant = enterprise && establishedYear <= 2022 && r.chance(0.5);
        if (dormant) {
          // No report for 2022 → listed July 2023 → still listed three years on → serious-violation
          // list, and the business licence revoked for a company that stopped operating.
          const listedOn = r.date('2023-07-01', '2023-08-31');
          abnormal('NO_ANNUAL_REPORT', listedOn, null, 'ACTIVE');
          lastReportYear = 2021;
          const seriousOn = addDays(addMonths(listedOn, 36), r.int(1, 40));
          serious(SERIOUS_AFTER_ABNORMAL, seriousOn, 'ACTIVE', addDays(addMonths(seriousOn, 36), -1));
          penalty(DORMANT_COMPANY, earlierDate(addDays(seriousOn, r.int(5, 40)), addDays(SEED_TODAY, -20)), 'ACTIVE', () => '吊销营业执照');
          spot('UNREACHABLE_AT_ADDRESS', r.date('2025-01-01', seriousOn));
        } else {
          const decidedOn = laterDate(r.date('2025-03-01', addDays(SEED_TODAY, -60)), inst.establishedOn);
          penalty(SEVERE_FALSE_ADVERTISING, decidedOn, 'ACTIVE', (fine) => `罚款人民币${fine}元${enterprise ? '；吊销营业执照' : ''}`);
          const seriousOn = addDays(decidedOn, r.int(10, 28));
          serious(SERIOUS_AFTER_PENALTY, seriousOn, 'ACTIVE', addDays(addMonths(seriousOn, 36), -1));
          if (r.chance(0.5)) activePenalty();
          if (enterprise && r.chance(0.5)) {
            const listedOn = r.date(decidedOn, addDays(SEED_TODAY, -1));
            spot('UNREACHABLE_AT_ADDRESS', addDays(listedOn, -r.int(10, 30)));
            abnormal('UNREACHABLE_AT_ADDRESS', listedOn, null, 'ACTIVE');
          }
          lastReportYear = Number(decidedOn.slice(0, 4)) - 1;
          spot('PROBLEM_CORRECTED', addDays(decidedOn, -r.int(30, 120)));
        }
        if (enterprise) status = 'REVOKED';
        break;
      }
    }
    if (r.chance(0.02)) pastPenalty('REVOKED');

    // Civil-affairs registrants see market regulation only when it penalises or lists them.
    if (!enterprise) continue;

    // ---- registration --------------------------------------------------------------------------
    const streets = STREETS[inst.regionCode] ?? ['人民路'];
    const address = `${inst.regionName}${r.pick(streets)}${r.int(1, 399)}号${r.chance(0.5) ? `${r.int(1, 12)}号楼` : ''}${r.int(2, 22)}${String(r.int(1, 30)).padStart(2, '0')}室`;
    const telecom = r.chance(0.45);
    const businessScope =
      `一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；${SCOPE_BY_KIND[inst.kind] ?? ''}` +
      '。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）' +
      (telecom ? '许可项目：第二类增值电信业务。（依法须经批准的项目，经相关部门批准后方可开展经营活动）' : '');
    // Only bodies registered before the 2016 merger of certificates ever had a 15-digit number.
    const registrationNo = inst.establishedOn < '2016-10-01'
      ? makeRegistrationNo(inst.regionCode, `${r.int(0, 3)}${String(index + 1).padStart(7, '0')}`)
      : null;
    insert.registration.run(
      inst.uscc, registrationNo, inst.name, r.pick(ENTITY_TYPES),
      inst.legalRepresentative.name, hashResidentId(inst.legalRepresentative.residentId, SEED_PERSON_HASH_KEY),
      r.pick(CAPITALS), inst.establishedOn, status, address, businessScope, authority, asOf,
    );

    // ---- licences ------------------------------------------------------------------------------
    let licenceCount = 0;
    const licence = (name: string, no: (year: string) => string, issuer: string, years: number | null) => {
      licenceCount += 1;
      const from = r.date(laterDate(inst.establishedOn, '2016-01-01'), '2026-06-30');
      insert.licence.run(
        `${inst.uscc}-LC${licenceCount}`, inst.uscc, name, no(from.slice(0, 4)), issuer, from,
        years === null ? null : addDays(addMonths(from, years * 12), -1), asOf,
      );
    };
    if (telecom) licence('增值电信业务经营许可证', (year) => `${province.abbr}B2-${year}${r.digits(4)}`, `${province.name}通信管理局`, 5);
    if (r.chance(0.25)) {
      licence('网络文化经营许可证', (year) => `${province.abbr}网文〔${year}〕${r.digits(4)}-${r.int(100, 999)}号`, cultureAuthorityOf(inst.regionCode), 3);
    }
    if (r.chance(0.2)) licence('出版物经营许可证', () => `新出发${cityAbbr}批字第${inst.regionCode}${r.digits(4)}号`, `${inst.regionName}文化和旅游局`, 6);
    if (inst.kind === 'VOCATIONAL_TRAINING' && r.chance(0.6)) {
      licence('民办学校办学许可证', () => `人社民${inst.regionCode}${r.digits(7)}号`, `${inst.regionName}人力资源和社会保障局`, 5);
    }
    if (r.chance(0.08)) licence('食品经营许可证', () => `JY1${inst.regionCode}${r.digits(7)}`, authority, 5);

    // ---- spot checks ---------------------------------------------------------------------------
    spotChecks.forEach(({ result, checkedOn: knownDate }, k) => {
      const checkedOn = knownDate ?? r.date(laterDate(inst.establishedOn, '2021-01-01'), addDays(SEED_TODAY, -1));
      const year = checkedOn.slice(0, 4);
      const taskName = r.pick([
        `${year}年${inst.regionName}市场监管领域部门联合双随机抽查（校外培训机构）`,
        `${year}年度企业公示信息抽查`,
        `${year}年广告发布行为专项抽查`,
        `${year}年教育培训收费价格行为检查`,
      ]);
      insert.spotCheck.run(`${inst.uscc}-SC${k + 1}`, inst.uscc, checkedOn, authority, taskName, result, asOf);
    });

    // ---- annual reports ------------------------------------------------------------------------
    // Most enterprises keep their financials private (条例 art. 9); a few change their mind some years.
    const publishes = r.chance(0.35);
    const troubled = inst.risk === 'TROUBLED' || inst.risk === 'REVOKED';
    let employees = r.int(5, 120);
    for (let year = Math.max(establishedYear, 2019); year <= lastReportYear; year += 1) {
      const late = lateReport?.year === year ? lateReport.submittedOn : null;
      const published = r.chance(0.1) ? !publishes : publishes;
      employees = Math.max(1, employees + r.int(-10, 15));
      const revenue = employees * r.int(150, 600) * 1000;
      const netProfit = Math.round(revenue * (troubled ? r.int(-40, 5) : r.int(-5, 18)) / 100);
      insert.annualReport.run(
        inst.uscc, year,
        late ?? r.date(`${year + 1}-01-05`, `${year + 1}-06-30`),
        employees, revenue, Math.round(revenue * r.int(60, 250) / 100), netProfit,
        Math.round(revenue * r.int(3, 9) / 100), published ? 1 : 0, asOf,
      );
    }
  }
  seedMarketHistories(db);
}
