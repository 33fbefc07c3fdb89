import { hashResidentId, SEED_PERSON_HASH_KEY } from '../../../common/identifiers';
import type { SqliteDatabase } from '../../shared/database';
import type { Random } from '../../shared/seed/random';
import { SEED_TODAY, type SeedInstitution } from '../../shared/seed/seed-institution';
import { personName, provinceOf, residentId } from '../../shared/seed/seed-institutions';
import { makePatentApplicationNo } from '../../../common/identifiers/ip-registry-numbers';
import { addDays, addYears, addMonths, laterDate } from '../../shared/seed/seed-dates';

type PublicityStatusValue = 'ACTIVE' | 'EXPIRED' | 'WITHDRAWN_AFTER_REPAIR' | 'REVOKED';

function pickSome<T>(r: Random, items: readonly T[], min: number, max: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  const count = Math.min(pool.length, r.int(min, max));
  for (let i = 0; i < count; i += 1) out.push(pool.splice(r.int(0, pool.length - 1), 1)[0] as T);
  return out;
}

const LOCAL_BANKS: Readonly<Record<string, string>> = {
  '1101': '北京银行股份有限公司中关村分行',
  '3101': '上海银行股份有限公司浦东分行',
  '4401': '广州银行股份有限公司天河支行',
  '4403': '深圳农村商业银行股份有限公司南山支行',
  '3301': '杭州银行股份有限公司科技支行',
  '3201': '南京银行股份有限公司鼓楼支行',
  '4201': '汉口银行股份有限公司光谷分行',
  '5101': '成都银行股份有限公司科技支行',
  '6101': '西安银行股份有限公司雁塔支行',
  '5001': '重庆银行股份有限公司两江分行',
};
const NATIONAL_BANKS = ['中国工商银行', '中国建设银行', '中国银行', '交通银行', '招商银行', '兴业银行', '上海浦东发展银行', '中信银行'];

const PINYIN: Readonly<Record<string, string>> = {
  智学: 'ZHIXUE', 启明: 'QIMING', 优课: 'YOUKE', 博雅: 'BOYA', 明师: 'MINGSHI', 乐学: 'LEXUE', 卓越: 'ZHUOYUE',
  新东: 'XINDONG', 学而: 'XUEER', 思远: 'SIYUAN', 慧读: 'HUIDU', 知行: 'ZHIXING', 睿思: 'RUISI', 星火: 'XINGHUO',
  育才: 'YUCAI', 书香: 'SHUXIANG', 云课: 'YUNKE', 领航: 'LINGHANG', 精英: 'JINGYING', 益智: 'YIZHI',
};

const NICE_GOODS: Readonly<Record<number, readonly string[]>> = {
  9: ['计算机程序(可下载软件)', '可下载的计算机应用软件', '可下载的电子出版物', '电子教学设备', '学习机', '点读笔'],
  16: ['教学材料(仪器除外)', '印刷出版物', '书籍', '练习簿', '教学挂图'],
  28: ['玩具', '益智拼图', '棋类游戏'],
  35: ['广告', '替他人推销', '在线广告', '商业管理咨询'],
  41: ['教育', '培训', '学校(教育)', '函授课程', '组织教育展览', '辅导(培训)', '在线电子书籍和杂志的出版', '提供在线录像(非下载)', '安排和组织学术讨论会'],
  42: ['计算机软件设计', '软件即服务(SaaS)', '平台即服务(PaaS)', '计算机系统设计', '云计算', '计算机软件维护'],
};
/** Marks lifted from well-known names, institutions and events: what malicious filers squat on. */
const SQUATTED_MARKS = ['清北名师', '北大学堂', '哈佛少儿英语', '剑桥少儿英语', '冬奥冰雪课堂', '双减课堂', '中国天眼科普', '神舟科学课'];

const PATENT_TITLES = {
  INVENTION: [
    '一种基于知识图谱的个性化学习路径推荐方法',
    '一种在线课堂学生专注度识别方法及系统',
    '一种作文自动批改方法、装置及存储介质',
    '一种基于语音识别的英语口语评测方法',
    '一种直播教学中的低延迟互动方法',
    '一种试题难度自适应调整方法及系统',
    '一种学习行为数据的异常检测方法',
    '一种手写公式识别与解题步骤评估方法',
  ],
  UTILITY_MODEL: ['一种便携式录播教学装置', '一种可调节角度的在线学习支架', '一种带护眼功能的学习平板', '一种多功能电子书写板', '一种教学用智能答题器', '一种双摄像头网课直播装置'],
  DESIGN: ['带图形用户界面的手机(在线课堂)', '带图形用户界面的电脑(学习报告)', '学习机', '点读笔', '带图形用户界面的平板电脑(错题本)'],
} as const;
const PATENT_CLASSES = {
  INVENTION: ['G06Q 50/20', 'G09B 5/06', 'G06F 16/36', 'G10L 15/26', 'G06N 3/08', 'H04L 65/40', 'G06V 30/32'],
  UTILITY_MODEL: ['G09B 5/02', 'F16M 11/04', 'G06F 1/16', 'G09B 19/00', 'H04N 23/90'],
  DESIGN: ['14-02', '14-04', '14-03', '19-07'],
} as const;
const ABNORMAL_TITLES = ['一种教学用多功能支架', '一种教学用收纳装置', '一种教学用书写板', '一种教学用指示装置', '一种教学用展示架'];

const SOFTWARE_PRODUCTS: readonly (readonly [string, string])[] = [
  ['在线教育平台', '教育平台'],
  ['直播课堂系统', '直播课堂'],
  ['智能题库系统', '题库'],
  ['学员管理系统', '学员管理'],
  ['作业批改软件', '作业批改'],
  ['家校互动App', '家校通'],
  ['AI口语测评软件', '口语测评'],
  ['排课管理系统', '排课系统'],
  ['学习数据分析平台', '学情分析'],
  ['微课录播系统', '录播系统'],
  ['自适应学习引擎', '学习引擎'],
  ['在线考试系统', '在线考试'],
];

const CREDIT_MEASURES = [
  '依法依规对专利、商标有关业务办理设置限制条件',
  '不适用信用承诺制',
  '从严审查专利费用减缴及优先审查请求',
  '取消参加国家知识产权局评优评奖的资格',
  '列为重点监管对象，提高检查频次',
  '不得作为财政资金支持项目的申报主体',
];

type Behavior = 'ABNORMAL_PATENT_APPLICATION' | 'MALICIOUS_TRADEMARK_APPLICATION' | 'FALSE_MATERIALS' | 'BROKEN_CREDIT_COMMITMENT' | 'REFUSED_TO_PERFORM_DECISION';

interface Window {
  decidedOn: string;
  start: string;
  end: string;
}

/** Dates for a record in the given publicity status, judged at SEED_TODAY. */
function publicityWindow(r: Random, status: PublicityStatusValue, years: number): Window {
  let decidedOn: string;
  const windowOpened = addYears(SEED_TODAY, -years);
  if (status === 'EXPIRED') {
    decidedOn = r.date('2018-01-01', addDays(windowOpened, -20));
  } else if (status === 'WITHDRAWN_AFTER_REPAIR') {
    // Repair is possible after a minimum publicity period, so the decision is at least half a year old.
    decidedOn = r.date(addDays(windowOpened, 60), addDays(SEED_TODAY, -200));
  } else {
    // ACTIVE (and REVOKED, i.e. annulled on review) sit well inside the window at SEED_TODAY.
    decidedOn = r.date(addDays(windowOpened, 120), addDays(SEED_TODAY, -10));
  }
  const start = addDays(decidedOn, r.int(1, 7));
  return { decidedOn, start, end: addDays(addYears(start, years), -1) };
}

/** IP's view of the seeded world: patents, trademarks, software copyrights, pledges, credit, enforcement. */
export function seedIp(db: SqliteDatabase, institutions: readonly SeedInstitution[], random: Random): void {
  const insert = {
    patent: db.prepare('INSERT INTO patents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    trademark: db.prepare('INSERT INTO trademarks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    software: db.prepare('INSERT INTO software_copyrights VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    pledge: db.prepare('INSERT INTO ip_pledges VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    credit: db.prepare('INSERT INTO ip_credit_records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    enforcement: db.prepare('INSERT INTO ip_enforcement_decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
  };
  // The register indexes are written in random key order; a large page cache keeps that off the disk.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -262144');
  const asOf = `${SEED_TODAY}T08:00:00.000Z`;
  const usedNumbers = new Set<string>();
  const unique = (make: () => string): string => {
    let value = make();
    while (usedNumbers.has(value)) value = make();
    usedNumbers.add(value);
    return value;
  };

  institutions.forEach((inst) => {
    const r = random.fork(inst.uscc);
    const troubled = inst.risk === 'TROUBLED' || inst.risk === 'REVOKED';
    const province = provinceOf(inst.regionCode);
    const city = inst.regionName.slice(0, 3);
    const brand = inst.nonProfit ? inst.name.slice(3, 7) : inst.name.slice(2, 6);
    const latin = PINYIN[brand.slice(0, 2)] && PINYIN[brand.slice(2, 4)] ? `${PINYIN[brand.slice(0, 2)]}${PINYIN[brand.slice(2, 4)]}` : null;
    const activeFrom = laterDate(inst.establishedOn, '2013-01-01');

    // Which dishonesty findings this institution carries, decided first so its filings match them.
    const behaviors: { behavior: Behavior; status: PublicityStatusValue }[] = [];
    if (inst.risk === 'MINOR' && r.chance(0.15)) {
      behaviors.push({
        behavior: r.pick(['ABNORMAL_PATENT_APPLICATION', 'MALICIOUS_TRADEMARK_APPLICATION', 'BROKEN_CREDIT_COMMITMENT'] as const),
        status: r.pick(['EXPIRED', 'EXPIRED', 'WITHDRAWN_AFTER_REPAIR', 'WITHDRAWN_AFTER_REPAIR', 'REVOKED'] as const),
      });
    } else if (inst.risk === 'TROUBLED' && r.chance(0.6)) {
      const count = r.int(1, 2);
      for (let i = 0; i < count; i += 1) {
        behaviors.push({
          behavior: r.pick(['ABNORMAL_PATENT_APPLICATION', 'MALICIOUS_TRADEMARK_APPLICATION', 'MALICIOUS_TRADEMARK_APPLICATION', 'FALSE_MATERIALS', 'BROKEN_CREDIT_COMMITMENT'] as const),
          status: i === 0 ? 'ACTIVE' : r.pick(['ACTIVE', 'EXPIRED', 'WITHDRAWN_AFTER_REPAIR', 'REVOKED'] as const),
        });
      }
    } else if (inst.risk === 'REVOKED') {
      const count = r.int(1, 3);
      for (let i = 0; i < count; i += 1) {
        behaviors.push({
          behavior: r.pick(['MALICIOUS_TRADEMARK_APPLICATION', 'ABNORMAL_PATENT_APPLICATION', 'FALSE_MATERIALS', 'REFUSED_TO_PERFORM_DECISION'] as const),
          status: i < 2 ? 'ACTIVE' : 'EXPIRED',
        });
      }
    }
    const squats = behaviors.some((b) => b.behavior === 'MALICIOUS_TRADEMARK_APPLICATION');
    const filesAbnormally = behaviors.some((b) => b.behavior === 'ABNORMAL_PATENT_APPLICATION');

    // Trademarks: most institutions register their brand in class 41, many also in 9 and 42.
    const grantedTrademarks: { no: string; title: string; from: string }[] = [];
    const trademarkNo = (appliedOn: string) =>
      unique(() => String(10_000_000 + (Number(appliedOn.slice(0, 4)) - 2012) * 4_800_000 + r.int(0, 4_799_999)));
    if (r.chance(troubled ? 0.75 : 0.85)) {
      const texts = [brand, ...(r.chance(0.4) ? [latin ?? `${brand}在线`] : []), ...(r.chance(0.15) ? [`${brand}课堂`] : [])];
      for (const text of texts) {
        const appliedOn = r.date(activeFrom, '2026-10-20');
        const classes = [41, ...(r.chance(0.5) ? [9] : []), ...(r.chance(0.35) ? [42] : []), ...(r.chance(0.15) ? [16] : []), ...(r.chance(0.08) ? [35] : [])];
        for (const niceClass of classes) {
          const registeredOn = addDays(appliedOn, r.int(240, 420));
          let status: 'PENDING' | 'REGISTERED' | 'EXPIRED' | 'CANCELLED' = 'PENDING';
          let validFrom: string | null = null;
          let validTo: string | null = null;
          if (registeredOn <= SEED_TODAY) {
            status = 'REGISTERED';
            validFrom = registeredOn;
            validTo = addDays(addYears(registeredOn, 10), -1);
            if (validTo < SEED_TODAY) {
              if (r.chance(0.6)) {
                validFrom = addDays(validTo, 1); // renewed for another 10 years
                validTo = addDays(addYears(validFrom, 10), -1);
              } else status = 'EXPIRED';
            } else if (niceClass !== 41 && r.chance(troubled ? 0.15 : inst.risk === 'MINOR' ? 0.08 : 0.02)) {
              status = 'CANCELLED'; // three years without use in this class (撤三)
            }
          }
          const no = trademarkNo(appliedOn);
          insert.trademark.run(no, inst.uscc, text, niceClass, JSON.stringify(pickSome(r, NICE_GOODS[niceClass] ?? [], 3, 5)),
            appliedOn, status, validFrom, validTo, asOf);
          if (status === 'REGISTERED') grantedTrademarks.push({ no, title: text, from: validFrom as string });
        }
      }
    }
    if (squats) {
      for (const mark of pickSome(r, SQUATTED_MARKS, 2, 4)) {
        const appliedOn = r.date('2023-01-01', '2026-06-30');
        const registered = inst.risk === 'MINOR' || r.chance(0.4);
        const validFrom = registered ? addDays(appliedOn, r.int(240, 360)) : null;
        insert.trademark.run(trademarkNo(appliedOn), inst.uscc, mark, r.pick([41, 41, 9, 16, 28]),
          JSON.stringify(pickSome(r, NICE_GOODS[41] ?? [], 2, 4)), appliedOn,
          // Squatted marks that got through are declared invalid; the rest wait in opposition.
          registered ? 'CANCELLED' : 'PENDING', validFrom, validFrom ? addDays(addYears(validFrom, 10), -1) : null, asOf);
      }
    }

    // Software copyrights: the platform, its apps and tools.
    if (r.chance(0.8)) {
      for (const [product, short] of pickSome(r, SOFTWARE_PRODUCTS, 1, 5)) {
        const completedOn = r.date(activeFrom, '2026-05-01');
        const registeredOn = addDays(completedOn, r.int(20, 180));
        const year = Number(registeredOn.slice(0, 4));
        const no = unique(() => `${year}SR${year >= 2018 ? String(r.int(1, 2_999_999)).padStart(7, '0') : String(r.int(1, 999_999)).padStart(6, '0')}`);
        insert.software.run(no, inst.uscc, `${brand}${product}`, r.chance(0.4) ? `${brand}${short}` : null,
          r.pick(['V1.0', 'V1.0', 'V2.0', 'V2.1', 'V3.0']), completedOn,
          r.chance(0.7) ? r.date(completedOn, addDays(registeredOn, -1)) : null, registeredOn,
          troubled && r.chance(0.12) ? 'REVOKED' : 'REGISTERED', asOf);
      }
    }

    // Patents: fewer institutions; inventions take years, utility models and designs months.
    const grantedPatents: { no: string; title: string; from: string }[] = [];
    // The institution's R&D staff: the same few people invent most of its patents.
    const staff: { displayName: string; idHash: string }[] = [];
    const inventor = () => {
      if (staff.length >= 2 && r.chance(0.7)) return r.pick(staff);
      const person = {
        displayName: personName(r),
        idHash: hashResidentId(residentId(r, inst.regionCode, '1965-01-01', '2000-12-31'), SEED_PERSON_HASH_KEY),
      };
      staff.push(person);
      return person;
    };
    const lapseChance = { GOOD: 0.05, MINOR: 0.15, TROUBLED: 0.3, REVOKED: 0.5 }[inst.risk];
    const insertPatent = (type: 'INVENTION' | 'UTILITY_MODEL' | 'DESIGN', title: string, filedOn: string, abnormal: boolean) => {
      const typeDigit = type === 'INVENTION' ? (r.chance(0.05) ? '8' : '1') : type === 'UTILITY_MODEL' ? '2' : '3';
      const no = unique(() => makePatentApplicationNo(Number(filedOn.slice(0, 4)), typeDigit, String(r.int(1, 1_999_999)).padStart(7, '0')));
      const team = new Set(Array.from({ length: type === 'DESIGN' ? r.int(1, 2) : r.int(1, 4) }, inventor));
      let publishedOn: string | null = null;
      let grantedOn: string | null = null;
      let status: 'PENDING' | 'GRANTED' | 'LAPSED' | 'INVALIDATED' = 'PENDING';
      if (abnormal) {
        // Abnormal applications are notified and then deemed withdrawn, or still wait for it.
        status = r.chance(0.6) ? 'LAPSED' : 'PENDING';
      } else if (type === 'INVENTION') {
        const published = addMonths(filedOn, 18);
        publishedOn = published <= SEED_TODAY ? published : null;
        const decided = addMonths(filedOn, r.int(22, 48));
        if (decided <= SEED_TODAY) {
          if (r.chance(0.7)) grantedOn = decided;
          else status = 'LAPSED'; // rejected or deemed withdrawn: the application has lost effect (失效)
        }
      } else {
        const granted = addMonths(filedOn, r.int(5, 12));
        if (granted <= SEED_TODAY) grantedOn = granted;
      }
      const termYears = type === 'INVENTION' ? 20 : type === 'UTILITY_MODEL' ? 10 : filedOn >= '2021-06-01' ? 15 : 10;
      const termEndsOn = grantedOn ? addDays(addYears(filedOn, termYears), -1) : null;
      if (grantedOn && termEndsOn) {
        status = 'GRANTED';
        if (termEndsOn < SEED_TODAY || r.chance(lapseChance)) status = 'LAPSED';
        else if (r.chance(troubled ? 0.08 : 0.01)) status = 'INVALIDATED';
      }
      const classes = PATENT_CLASSES[type];
      insert.patent.run(no, inst.uscc, type, title, r.pick(classes), JSON.stringify([...team]), filedOn, publishedOn, grantedOn,
        termEndsOn, status, asOf);
      if (status === 'GRANTED') grantedPatents.push({ no, title, from: grantedOn as string });
    };
    if (r.chance(inst.kind === 'VOCATIONAL_TRAINING' || inst.kind === 'QUALITY_EDUCATION' ? 0.3 : 0.22)) {
      const count = r.int(1, 4);
      for (let p = 0; p < count; p += 1) {
        const type = r.pick(['INVENTION', 'INVENTION', 'UTILITY_MODEL', 'UTILITY_MODEL', 'DESIGN', 'DESIGN', 'DESIGN'] as const);
        insertPatent(type, r.pick(PATENT_TITLES[type]), r.date(activeFrom, '2026-09-30'), false);
      }
    }
    if (filesAbnormally) {
      // A burst of near-identical utility models filed within weeks: what triggers the finding.
      const burst = r.date('2022-01-01', '2025-12-31');
      const count = r.int(4, 9);
      for (let p = 0; p < count; p += 1) {
        insertPatent('UTILITY_MODEL', `${r.pick(ABNORMAL_TITLES)}${p > 0 ? `(${['二', '三', '四', '五', '六', '七', '八', '九'][p - 1]})` : ''}`,
          addDays(burst, r.int(0, 30)), true);
      }
    }

    // Pledges: granted patents and registered marks as loan security; troubled institutions borrow more.
    const pledgeable = [
      ...grantedPatents.map((p) => ({ ...p, kind: 'PATENT' as const })),
      ...grantedTrademarks.map((t) => ({ ...t, kind: 'TRADEMARK' as const })),
    ];
    const pledgeChance = { GOOD: 0.05, MINOR: 0.08, TROUBLED: 0.3, REVOKED: 0.45 }[inst.risk];
    if (pledgeable.length > 0 && r.chance(pledgeChance)) {
      const count = r.int(1, Math.min(2, pledgeable.length));
      pickSome(r, pledgeable, count, count).forEach((right, k) => {
        const registeredOn = r.date(laterDate(right.from, '2016-01-01'), SEED_TODAY);
        const maturity = addYears(registeredOn, r.int(1, 3));
        let status: 'EFFECTIVE' | 'RELEASED' | 'ENFORCED' = 'EFFECTIVE';
        let endedOn: string | null = null;
        if (maturity < SEED_TODAY) {
          status = inst.risk === 'REVOKED' && r.chance(0.5) ? 'ENFORCED' : 'RELEASED';
          endedOn = addDays(maturity, r.int(-60, 30));
          if (endedOn > SEED_TODAY) endedOn = SEED_TODAY;
        }
        const bank = r.chance(0.4)
          ? (LOCAL_BANKS[inst.regionCode.slice(0, 4)] ?? `${r.pick(NATIONAL_BANKS)}股份有限公司${city.slice(0, 2)}分行`)
          : `${r.pick(NATIONAL_BANKS)}股份有限公司${city.slice(0, 2)}分行`;
        insert.pledge.run(`${inst.uscc}-PL${k + 1}`, inst.uscc, right.kind, right.no, right.title, bank,
          r.int(inst.risk === 'GOOD' ? 50 : 30, right.kind === 'PATENT' ? 2000 : 800) * 10_000, registeredOn, endedOn, status, asOf);
      });
    }

    // Credit records: one per finding, published for three years unless repaired or annulled.
    behaviors.forEach(({ behavior, status }, k) => {
      const w = publicityWindow(r, status, 3);
      const year = w.decidedOn.slice(0, 4);
      const national = behavior === 'ABNORMAL_PATENT_APPLICATION' || behavior === 'MALICIOUS_TRADEMARK_APPLICATION';
      const description = {
        ABNORMAL_PATENT_APPLICATION: `该单位于${year}年集中提交${r.int(4, 30)}件实用新型专利申请，技术方案明显相同或简单拼凑，经认定属于不以保护创新为目的的非正常专利申请`,
        MALICIOUS_TRADEMARK_APPLICATION: `该单位大量申请注册“${r.pick(SQUATTED_MARKS)}”等${r.int(5, 40)}件与知名标志或他人在先商标近似的商标，不以使用为目的，经认定属于恶意商标注册申请`,
        FALSE_MATERIALS: '在专利费用减缴请求中提交虚假的收入证明材料，隐瞒重要事实',
        BROKEN_CREDIT_COMMITMENT: '在专利优先审查请求中作出信用承诺，经核查承诺内容不实',
        REFUSED_TO_PERFORM_DECISION: `拒不执行${city}知识产权局作出的专利侵权纠纷行政裁决，继续销售侵权产品`,
      }[behavior];
      insert.credit.run(`${inst.uscc}-PC${k + 1}`, inst.uscc, behavior, description,
        national ? '国家知识产权局' : `${province.name}知识产权局`,
        national ? `国知信字〔${year}〕第${r.int(1, 400)}号` : `${province.abbr}知信〔${year}〕${r.int(1, 200)}号`,
        w.decidedOn, JSON.stringify(pickSome(r, CREDIT_MEASURES, 2, inst.risk === 'REVOKED' ? 5 : 3)),
        status, w.start, w.end, asOf);
    });

    // Enforcement decisions: infringement and counterfeiting, in the 双公示 format.
    const decisions: PublicityStatusValue[] = [];
    if (inst.risk === 'GOOD' && r.chance(0.02)) decisions.push('EXPIRED');
    if (inst.risk === 'MINOR' && r.chance(0.35)) decisions.push(r.pick(['EXPIRED', 'EXPIRED', 'WITHDRAWN_AFTER_REPAIR', 'WITHDRAWN_AFTER_REPAIR', 'REVOKED']));
    if (inst.risk === 'TROUBLED' && r.chance(0.7)) {
      decisions.push('ACTIVE');
      if (r.chance(0.4)) decisions.push(r.pick(['ACTIVE', 'EXPIRED', 'WITHDRAWN_AFTER_REPAIR', 'REVOKED']));
    }
    if (inst.risk === 'REVOKED') {
      const count = r.int(1, 3);
      for (let i = 0; i < count; i += 1) decisions.push('ACTIVE');
    }
    decisions.forEach((status, k) => {
      const severe = inst.risk === 'REVOKED';
      const caseKind = r.pick(['TRADEMARK_INFRINGEMENT', 'TRADEMARK_INFRINGEMENT', 'COPYRIGHT_INFRINGEMENT', 'COPYRIGHT_INFRINGEMENT', 'COUNTERFEIT_PATENT', 'PATENT_INFRINGEMENT_RULING'] as const);
      let outcome: 'FINED' | 'CEASE_ORDERED' | 'GOODS_CONFISCATED' = 'CEASE_ORDERED';
      let fine: number | null = null;
      let confiscated: number | null = null;
      if (caseKind !== 'PATENT_INFRINGEMENT_RULING') {
        outcome = r.chance(0.3) ? 'GOODS_CONFISCATED' : 'FINED';
        fine = outcome === 'FINED' || r.chance(0.5) ? r.int(severe ? 20 : 1, severe ? 200 : 30) * 10_000 : null;
        confiscated = r.chance(0.5) ? r.int(5_000, severe ? 1_500_000 : 300_000) : null;
      }
      // Larger penalties stay public for three years, the rest for one.
      const w = publicityWindow(r, status, (fine ?? 0) >= 100_000 || severe ? 3 : 1);
      const year = w.decidedOn.slice(0, 4);
      const seq = r.int(1, 2999);
      const [authority, documentNo, facts] = {
        TRADEMARK_INFRINGEMENT: [
          `${inst.regionName}市场监督管理局`,
          `${province.abbr}${inst.regionName.slice(3, 4)}市监处罚〔${year}〕${seq}号`,
          `在其在线课程宣传页面及教辅资料上使用与他人注册商标“${r.pick(['学而优', '启智星', '优学派', '明日之星'])}”近似的标识，侵犯注册商标专用权`,
        ],
        COPYRIGHT_INFRINGEMENT: [
          `${city}文化市场综合执法总队`,
          `${province.abbr}文执罚〔${year}〕${seq}号`,
          r.pick(['未经著作权人许可，通过其网络平台传播他人享有著作权的课程视频', '未经许可复制并在线销售他人编写的电子教材及习题集', '在其App中使用未经授权的名师讲解视频进行收费教学']),
        ],
        COUNTERFEIT_PATENT: [
          `${city}知识产权局`,
          `${province.abbr}知罚字〔${year}〕${seq}号`,
          '在其学习机产品及宣传材料上标注已失效或不存在的专利号，构成假冒专利',
        ],
        PATENT_INFRINGEMENT_RULING: [
          `${city}知识产权局`,
          `${province.abbr}知裁字〔${year}〕${seq}号`,
          `其销售的点读笔产品落入请求人${makePatentApplicationNo(Number(year) - r.int(2, 6), '2', String(r.int(1, 1_999_999)).padStart(7, '0')).replace('CN', 'ZL')}号实用新型专利权的保护范围，责令立即停止销售`,
        ],
      }[caseKind];
      insert.enforcement.run(`${inst.uscc}-PE${k + 1}`, inst.uscc, documentNo, caseKind, authority, w.decidedOn, facts, outcome,
        fine, confiscated, status, w.start, w.end, asOf);
    });
  });
  db.pragma(`cache_size = ${cacheSize}`);
}
