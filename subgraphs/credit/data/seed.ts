import { hashResidentId, makeUscc, SEED_PERSON_HASH_KEY } from '../../../common/identifiers';
import type { SqliteDatabase } from '../../shared/database';
import { listedStaffOf } from '../../shared/seed/listed-staff';
import { Random } from '../../shared/seed/random';
import { SEED_TODAY, type SeedInstitution } from '../../shared/seed/seed-institution';
import { PublicityStatus } from '../../shared/types/publicity-status';
import {
  CreditCommitmentFulfilment as Fulfilment,
  CreditCommitmentKind as CommitmentKind,
  CreditLicenceCategory as LicenceCategory,
  CreditPenaltyCategory as Penalty,
  CreditPerformanceStatus as Performance,
  CreditRecordKind as Kind,
  CreditRepairOutcome as RepairOutcome,
} from '../types/enums';
import { creditRecordId, type AuthorityRef } from './rows';
import { addDays, addMonths, earlierDate, laterDate } from '../../shared/seed/seed-dates';
import { provinceOf } from '../../shared/seed/seed-institutions';

// ---------------------------------------------------------------------------------------------
// Rules kept as data. Order 58 (2023) sets a minimum and a maximum publicity period for penalty
// information; local rules read "3 months to 3 years, 1 year minimum for work-safety, fire and
// special-equipment penalties". The exact national numbers are unverified, hence a table.
// ---------------------------------------------------------------------------------------------
const PENALTY_PUBLICITY_MONTHS = {
  GENERAL: { minimum: 3, maximum: 36 },
  SAFETY: { minimum: 12, maximum: 36 },
} as const;
/** Serious-dishonesty lists: removal after 3 years, repair possible after 1. */
const DISHONESTY_LISTING_MONTHS = { minimum: 12, maximum: 36 };
/** SPC: a judgment-defaulter listing generally runs for 2 years unless performed earlier. */
const JUDGMENT_DEFAULTER_MONTHS = 24;
/** Commitments stay published for 3 years. */
const COMMITMENT_PUBLICITY_MONTHS = 36;

const { ACTIVE, EXPIRED, WITHDRAWN_AFTER_REPAIR, REVOKED } = PublicityStatus;

// --- dates ---------------------------------------------------------------------------------------
// Day arithmetic on ISO strings, memoised both ways: the seed does millions of these and
// Date.parse/toISOString per call would dominate seeding 100,000 institutions.
const yearOf = (iso: string): string => iso.slice(0, 4);

// --- authorities -----------------------------------------------------------------------------------
const MUNICIPALITIES = new Set(['11', '31', '50']);

const authorityCache = new Map<string, AuthorityRef>();
/** A public body with a stable USCC derived from its name: organs are 11…, public institutions 12…. */
function body(name: string, region6: string, category: '1' | '2' = '1'): AuthorityRef {
  let ref = authorityCache.get(name);
  if (!ref) {
    ref = { name, uscc: makeUscc('1', category, region6, `00${new Random(name).digits(6)}`) };
    authorityCache.set(name, ref);
  }
  return ref;
}

const NATIONAL_CREDIT_CENTRE = (): AuthorityRef => body('国家公共信用信息中心', '110000', '2');

interface Region {
  code: string;
  name: string;
  abbr: string;
  city: string;
  district: string;
  /** One-character district short form used in document numbers (海淀区 → 海). */
  short: string;
  authorities: {
    marketDistrict: AuthorityRef;
    marketCity: AuthorityRef;
    education: AuthorityRef;
    hrss: AuthorityRef;
    civilAffairs: AuthorityRef;
    culture: AuthorityRef;
    taxCity: AuthorityRef;
    taxDistrict: AuthorityRef;
    cac: AuthorityRef;
    fire: AuthorityRef;
    telecom: AuthorityRef;
    ndrc: AuthorityRef;
  };
}

const regionCache = new Map<string, Region>();
function regionOf(inst: SeedInstitution): Region {
  let region = regionCache.get(inst.regionCode);
  if (region) return region;
  const code = inst.regionCode;
  const province = provinceOf(code);
  const municipal = MUNICIPALITIES.has(code.slice(0, 2));
  const cut = inst.regionName.indexOf('市') + 1;
  const city = inst.regionName.slice(0, cut);
  const district = inst.regionName.slice(cut);
  const cityCode = municipal ? `${code.slice(0, 2)}0000` : `${code.slice(0, 4)}00`;
  const provinceCode = `${code.slice(0, 2)}0000`;
  const name = inst.regionName;
  region = {
    code,
    name,
    abbr: province.abbr,
    city,
    district,
    short: district.slice(0, 1),
    authorities: {
      marketDistrict: body(`${name}市场监督管理局`, code),
      marketCity: body(`${city}市场监督管理局`, cityCode),
      education: body(municipal && code.startsWith('11') ? `${name}教育委员会` : `${name}教育局`, code),
      hrss: body(`${name}人力资源和社会保障局`, code),
      civilAffairs: body(`${name}民政局`, code),
      culture: body(`${name}文化和旅游局`, code),
      taxCity: body(`国家税务总局${city}税务局`, cityCode),
      taxDistrict: body(`国家税务总局${name}税务局`, code),
      cac: body(`${city}互联网信息办公室`, cityCode),
      fire: body(`${name}消防救援${municipal ? '支队' : '大队'}`, code),
      telecom: body(`${province.name}通信管理局`, provinceCode),
      ndrc: body(`${city}发展和改革委员会`, cityCode),
    },
  };
  regionCache.set(code, region);
  return region;
}

// --- templates -----------------------------------------------------------------------------------
type AuthorityKey = keyof Region['authorities'] | 'permitIssuer';

interface PenaltyTemplate {
  violationType: string;
  facts: readonly string[];
  legalBasis: string;
  authority: AuthorityKey;
  categories: readonly Penalty[];
  fine: readonly [number, number];
  confiscation?: readonly [number, number];
  content: (fine: number, confiscation: number) => string;
  rule: keyof typeof PENALTY_PUBLICITY_MONTHS;
  docNo: (region: Region, year: string, n: number) => string;
  /** First day the legal basis was in force; no decision predates it. */
  since: string;
}

const marketDoc = (g: Region, y: string, n: number) => `${g.abbr}${g.short}市监处罚〔${y}〕${n}号`;
const educationDoc = (g: Region, y: string, n: number) => `${g.short}教罚决字〔${y}〕${n}号`;

const PENALTIES: readonly PenaltyTemplate[] = [
  {
    violationType: '虚假或者引人误解的商业宣传',
    since: '2018-01-01',
    facts: [
      '当事人在其微信公众号及App首页发布“保过”“提分30分”等无事实依据的培训效果宣传',
      '当事人在招生宣传中虚构“985名校师资”“清北名师授课”等内容，欺骗、误导消费者',
    ],
    legalBasis: '《中华人民共和国反不正当竞争法》第八条第一款、第二十条第一款',
    authority: 'marketDistrict',
    categories: [Penalty.FINE],
    fine: [50_000, 300_000],
    content: (fine) => `责令停止违法行为，罚款人民币${fine}元`,
    rule: 'GENERAL',
    docNo: marketDoc,
  },
  {
    violationType: '发布违法教育培训广告',
    since: '2015-09-01',
    facts: [
      '当事人发布的培训广告含有对升学、通过考试作出保证性承诺的内容',
      '当事人在广告中利用学术机构、教师及受益者的名义作推荐、证明',
    ],
    legalBasis: '《中华人民共和国广告法》第二十四条、第五十八条第一款',
    authority: 'marketDistrict',
    categories: [Penalty.FINE],
    fine: [20_000, 200_000],
    content: (fine) => `责令停止发布广告，在相应范围内消除影响，罚款人民币${fine}元`,
    rule: 'GENERAL',
    docNo: marketDoc,
  },
  {
    violationType: '价格欺诈',
    since: '2022-07-01',
    facts: [
      '当事人在课程促销中虚构原价，以“原价19800元、限时6980元”进行价格比较',
      '当事人在标价之外加收“资料费”“平台服务费”，未予明示',
    ],
    legalBasis: '《中华人民共和国价格法》第十四条第（四）项、第四十条第一款；《明码标价和禁止价格欺诈规定》第十九条',
    authority: 'marketDistrict',
    categories: [Penalty.FINE, Penalty.CONFISCATION_OF_ILLEGAL_GAINS],
    fine: [10_000, 100_000],
    confiscation: [5_000, 80_000],
    content: (fine, conf) => `责令改正，没收违法所得人民币${conf}元，并处罚款人民币${fine}元`,
    rule: 'GENERAL',
    docNo: marketDoc,
  },
  {
    violationType: '违规开展学科类校外培训',
    since: '2023-10-15',
    facts: [
      '当事人以“素质拓展”“思维训练”名义面向义务教育阶段学生开展学科类线上培训',
      '当事人在法定节假日、休息日及寒暑假期间组织中小学生开展学科类线上培训',
    ],
    legalBasis: '《中华人民共和国民办教育促进法》第六十二条；《校外培训行政处罚暂行办法》',
    authority: 'education',
    categories: [Penalty.WARNING, Penalty.FINE, Penalty.CONFISCATION_OF_ILLEGAL_GAINS],
    fine: [30_000, 100_000],
    confiscation: [20_000, 500_000],
    content: (fine, conf) => `责令停止违法行为，退还所收费用，给予警告，没收违法所得人民币${conf}元，并处罚款人民币${fine}元`,
    rule: 'GENERAL',
    docNo: educationDoc,
  },
  {
    violationType: '违规预收培训费用',
    since: '2023-10-15',
    facts: [
      '当事人一次性收取学员超过60课时的培训费用',
      '当事人收取时间跨度超过3个月的培训费用，且未将预收费纳入资金监管账户',
    ],
    legalBasis: '《中华人民共和国民办教育促进法》第六十二条；《校外培训行政处罚暂行办法》',
    authority: 'education',
    categories: [Penalty.WARNING, Penalty.FINE],
    fine: [10_000, 50_000],
    content: (fine) => `责令限期改正，给予警告，罚款人民币${fine}元`,
    rule: 'GENERAL',
    docNo: educationDoc,
  },
  {
    violationType: '违法处理个人信息',
    since: '2021-11-01',
    facts: [
      '当事人运营的学习类App未取得未成年人父母或者其他监护人同意，收集未成年人个人信息',
      '当事人运营的App超出服务所需范围收集学员通讯录、精确位置信息',
    ],
    legalBasis: '《中华人民共和国个人信息保护法》第十三条、第三十一条、第六十六条第一款',
    authority: 'cac',
    categories: [Penalty.WARNING, Penalty.FINE],
    fine: [50_000, 1_000_000],
    content: (fine) => `责令改正，给予警告，罚款人民币${fine}元`,
    rule: 'GENERAL',
    docNo: (g, y, n) => `${g.abbr}网信罚决〔${y}〕${n}号`,
  },
  {
    violationType: '消防设施、器材未保持完好有效',
    since: '2009-05-01',
    facts: ['当事人培训场所消防设施、器材未保持完好有效', '当事人占用、堵塞培训场所疏散通道、安全出口'],
    legalBasis: '《中华人民共和国消防法》第六十条第一款',
    authority: 'fire',
    categories: [Penalty.FINE],
    fine: [5_000, 50_000],
    content: (fine) => `罚款人民币${fine}元`,
    rule: 'SAFETY',
    docNo: (g, y, n) => `${g.short}(消)行罚决字〔${y}〕${n}号`,
  },
  {
    violationType: '收取预付款后拒不退还',
    since: '2014-03-15',
    facts: ['当事人以预收款方式提供培训服务，停止授课后拒不按照约定退还学员预付款', '当事人收取预付费后未按约定提供服务，拖延退还学员剩余课时费用'],
    legalBasis: '《中华人民共和国消费者权益保护法》第五十三条、第五十六条第一款',
    authority: 'marketDistrict',
    categories: [Penalty.FINE, Penalty.BUSINESS_SUSPENDED],
    fine: [100_000, 500_000],
    content: (fine) => `责令改正，罚款人民币${fine}元，责令停业整顿`,
    rule: 'GENERAL',
    docNo: marketDoc,
  },
];
/** The ordinary penalties (all but the last, which only severe cases receive). */
const ORDINARY_PENALTIES = PENALTIES.slice(0, -1);
const REFUND_PENALTY = PENALTIES[PENALTIES.length - 1] as PenaltyTemplate;
/** Those whose basis was in force early enough for a window that has fully run by SEED_TODAY. */
const OLD_ENOUGH_PENALTIES = ORDINARY_PENALTIES.filter((t) => t.since <= addMonths(SEED_TODAY, -PENALTY_PUBLICITY_MONTHS[t.rule].maximum - 8));

const PERMIT_REVOCATION: PenaltyTemplate = {
  violationType: '违规开展学科类校外培训，情节严重',
  since: '2023-10-15',
  facts: ['当事人被责令停止违法行为后，仍继续面向中小学生开展学科类线上培训，情节严重'],
  legalBasis: '《中华人民共和国民办教育促进法》第六十二条；《校外培训行政处罚暂行办法》',
  authority: 'permitIssuer',
  categories: [Penalty.FINE, Penalty.CONFISCATION_OF_ILLEGAL_GAINS, Penalty.LICENCE_REVOKED],
  fine: [100_000, 500_000],
  confiscation: [200_000, 3_000_000],
  content: (fine, conf) => `没收违法所得人民币${conf}元，罚款人民币${fine}元，吊销办学许可证`,
  rule: 'GENERAL',
  docNo: educationDoc,
};

const DISHONESTY_LISTS = [
  {
    listName: '市场监督管理严重违法失信名单',
    legalBasis: '《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号）',
    authority: 'marketDistrict' as const,
    docNo: (g: Region, y: string, n: number) => `${g.abbr}${g.short}市监严列〔${y}〕${n}号`,
    reasons: [
      '收取学员预付款后停止经营，拒不退还，因同一性质违法行为受到较重行政处罚',
      '提交虚假材料取得登记，情节严重',
      '因虚假宣传受到较重行政处罚，拒不履行行政处罚决定',
    ],
    measures: ['列为重点监管对象，提高检查频次', '依法限制参加政府采购活动', '不得适用告知承诺制', '不予授予相关荣誉称号'],
  },
  {
    listName: '重大税收违法失信主体',
    legalBasis: '《重大税收违法失信主体信息公布管理办法》（国家税务总局令第54号）',
    authority: 'taxCity' as const,
    docNo: (g: Region, y: string, n: number) => `${g.abbr}税稽罚〔${y}〕${n}号`,
    reasons: ['虚开增值税普通发票，金额累计超过40万元', '偷税数额100万元以上且占各税种应纳税总额10%以上'],
    measures: ['纳税信用直接判为D级', '依法限制参加政府采购活动', '依法限制取得政府供应土地', '增值税发票领用实行交（验）旧供新、严格限量供应'],
  },
] as const;

const INCENTIVE_LISTS = [
  {
    listName: '纳税信用A级纳税人',
    legalBasis: '《纳税信用管理办法（试行）》（国家税务总局公告2014年第40号）',
    authority: 'taxDistrict' as const,
    months: 12,
    incentives: ['主动向社会公告年度A级纳税人名单', '可一次领取不超过3个月的增值税发票用量', '纳入守信联合激励对象名单'],
  },
  {
    listName: '守合同重信用企业',
    legalBasis: '国家市场监督管理总局“守合同重信用”企业公示活动有关规定',
    authority: 'marketCity' as const,
    months: 24,
    incentives: ['在行政审批中适用绿色通道', '优先推荐参评各类评先评优'],
  },
  {
    listName: '劳动保障守法诚信等级A级企业',
    legalBasis: '《企业劳动保障守法诚信等级评价办法》（人社部规〔2016〕1号）',
    authority: 'hrss' as const,
    months: 24,
    incentives: ['适当减少劳动保障监察日常巡视检查频次'],
  },
] as const;

const JUDGMENT_OBLIGATIONS = [
  (amount: number) => `退还学员培训费共计人民币${amount}元，并加倍支付迟延履行期间的债务利息`,
  (amount: number) => `支付拖欠的员工工资及经济补偿金共计人民币${amount}元`,
  (amount: number) => `支付拖欠的房屋租金及违约金共计人民币${amount}元`,
];
const DISHONEST_BEHAVIOURS = [
  '有履行能力而拒不履行生效法律文书确定义务',
  '违反财产报告制度',
  '违反限制消费令',
  '以伪造证据、暴力、威胁等方法妨碍、抗拒执行',
];

// --- inserts -------------------------------------------------------------------------------------
type Values = Record<string, string | number | null>;

function inserter(db: SqliteDatabase, table: string, columns: readonly string[]): (values: Values) => void {
  const statement = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
  return (values) => {
    statement.run(values);
  };
}

const PUBLICITY = ['publicity_status', 'publicity_start', 'publicity_end', 'as_of'] as const;

interface Publicity {
  status: PublicityStatus;
  start: string;
  end: string | null;
}

/** Sets a window's status from SEED_TODAY unless the record was withdrawn or revoked. */
function windowStatus(start: string, end: string | null): Publicity {
  return { status: end !== null && end < SEED_TODAY ? EXPIRED : ACTIVE, start, end };
}

/** Credit's view of the seeded world: 双公示 licences and penalties, lists, defaulters, commitments, repairs. */
export function seedCredit(db: SqliteDatabase, institutions: readonly SeedInstitution[], random: Random): void {
  const insert = {
    licence: inserter(db, 'licences', [
      'id', 'uscc', 'decision_doc_name', 'decision_doc_no', 'item_name', 'category', 'licence_no', 'content', 'legal_basis',
      'authority_name', 'authority_uscc', 'decided_on', 'valid_from', 'valid_until', 'data_source_name', 'data_source_uscc', ...PUBLICITY,
    ]),
    penalty: inserter(db, 'penalties', [
      'id', 'uscc', 'decision_doc_no', 'violation_type', 'facts', 'legal_basis', 'categories', 'content', 'fine_cny',
      'confiscation_cny', 'licence_affected', 'authority_name', 'authority_uscc', 'decided_on', 'valid_until',
      'repair_eligible_from', 'legal_rep_name', 'legal_rep_id_hash', 'data_source_name', 'data_source_uscc', ...PUBLICITY,
    ]),
    dishonesty: inserter(db, 'dishonesty_listings', [
      'id', 'uscc', 'decision_doc_no', 'list_name', 'reason', 'legal_basis', 'listing_authority_name', 'listing_authority_uscc',
      'listed_on', 'planned_removal_on', 'removed_on', 'measures', ...PUBLICITY,
    ]),
    incentive: inserter(db, 'incentive_listings', [
      'id', 'uscc', 'list_name', 'legal_basis', 'listing_authority_name', 'listing_authority_uscc', 'listed_on', 'valid_until',
      'incentives', ...PUBLICITY,
    ]),
    judgment: inserter(db, 'judgment_defaulters', [
      'id', 'uscc', 'court', 'case_no', 'filed_on', 'enforcement_basis_doc_no', 'enforcement_basis_issuer', 'obligation',
      'obligation_amount_cny', 'performed_amount_cny', 'performance_status', 'dishonest_behaviour', 'published_on',
      'legal_rep_name', 'legal_rep_id_hash', ...PUBLICITY,
    ]),
    commitment: inserter(db, 'commitments', [
      'id', 'uscc', 'kind', 'matter', 'content', 'accepting_authority_name', 'accepting_authority_uscc', 'committed_on',
      'fulfilment', 'verified_on', ...PUBLICITY,
    ]),
    repair: inserter(db, 'repairs', [
      'id', 'uscc', 'repaired_record_id', 'repaired_record_kind', 'repaired_doc_no', 'applied_on', 'decided_on', 'repaired_on',
      'authority_name', 'authority_uscc', 'outcome', 'remarks', ...PUBLICITY,
    ]),
  };
  const asOf = `${SEED_TODAY}T08:00:00.000Z`;
  const personEntry = db.prepare('INSERT INTO person_credit_entries VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const publicity = (p: Publicity) => ({ publicity_status: p.status, publicity_start: p.start, publicity_end: p.end, as_of: asOf });

  // In USCC order, every table's primary key and USCC index grow at the end: seeding 100,000
  // institutions into a file is twice as fast as in generation order.
  const ordered = [...institutions].sort((x, y) => (x.uscc < y.uscc ? -1 : x.uscc > y.uscc ? 1 : 0));
  for (const inst of ordered) {
    const r = random.fork(inst.uscc);
    const g = regionOf(inst);
    const a = g.authorities;
    const uscc = inst.uscc;
    const sequence: Record<Kind, number> = {
      [Kind.LICENCE]: 0, [Kind.PENALTY]: 0, [Kind.DISHONESTY_LISTING]: 0, [Kind.INCENTIVE_LISTING]: 0,
      [Kind.JUDGMENT_DEFAULTER]: 0, [Kind.COMMITMENT]: 0, [Kind.REPAIR]: 0,
    };
    const nextId = (kind: Kind): string => creditRecordId(uscc, kind, (sequence[kind] += 1));
    let repHash: string | null = null;
    const legalRep = () => ({
      legal_rep_name: inst.legalRepresentative.name,
      legal_rep_id_hash: (repHash ??= hashResidentId(inst.legalRepresentative.residentId, SEED_PERSON_HASH_KEY)),
    });
    const afterEstablished = (iso: string) => laterDate(iso, addDays(inst.establishedOn, 30));
    const publishedAfter = (decidedOn: string) => earlierDate(addDays(decidedOn, r.int(1, 7)), SEED_TODAY);

    // -- commitments (records appended by several sections below) --
    const commitment = (
      kind: CommitmentKind, matter: string, content: string, authority: AuthorityRef, committedOn: string,
      fulfilment: Fulfilment, verifiedOn: string | null,
    ) => {
      const end = addMonths(committedOn, COMMITMENT_PUBLICITY_MONTHS);
      insert.commitment({
        id: nextId(Kind.COMMITMENT), uscc, kind, matter, content,
        accepting_authority_name: authority.name, accepting_authority_uscc: authority.uscc,
        committed_on: committedOn, fulfilment, verified_on: verifiedOn,
        ...publicity(windowStatus(committedOn, end)),
      });
    };

    const repair = (
      repairedId: string, repairedKind: Kind, repairedDocNo: string, authority: AuthorityRef, appliedOn: string,
      decidedOn: string, outcome: RepairOutcome, remarks: string, revokedOn: string | null = null,
    ) => {
      insert.repair({
        id: nextId(Kind.REPAIR), uscc, repaired_record_id: repairedId, repaired_record_kind: repairedKind,
        repaired_doc_no: repairedDocNo, applied_on: appliedOn, decided_on: decidedOn,
        repaired_on: outcome === RepairOutcome.APPROVED ? decidedOn : null,
        authority_name: authority.name, authority_uscc: authority.uscc, outcome, remarks,
        ...publicity({ status: revokedOn ? REVOKED : ACTIVE, start: decidedOn, end: revokedOn }),
      });
    };

    // -- a listed person among the trainers (education seeds the same person; listed-staff.ts) --
    const listed = listedStaffOf(inst);
    if (listed) {
      personEntry.run(
        `${uscc}-PSN-1`, hashResidentId(listed.residentId, SEED_PERSON_HASH_KEY), listed.list,
        listed.list === 'STAFF_BLACK' ? '教育部 全国校外教育培训监管与服务综合平台' : `${inst.regionName}人民法院`,
        listed.list === 'STAFF_BLACK' ? '《校外培训机构从业人员管理办法（试行）》第十二条' : '《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条',
        listed.listedOn, null, asOf,
      );
    }

    // -- licences --
    const established = inst.establishedOn;
    if (inst.nonProfit) {
      insert.licence({
        id: nextId(Kind.LICENCE), uscc, decision_doc_name: '准予登记决定书',
        decision_doc_no: `${g.short}民社登〔${yearOf(established)}〕${r.int(1, 999)}号`,
        item_name: '民办非企业单位登记证书', category: LicenceCategory.REGISTRATION, licence_no: uscc,
        content: `准予成立登记：${inst.name}`, legal_basis: '《民办非企业单位登记管理暂行条例》第十二条',
        authority_name: a.civilAffairs.name, authority_uscc: a.civilAffairs.uscc, decided_on: established,
        valid_from: established, valid_until: null, data_source_name: a.civilAffairs.name, data_source_uscc: a.civilAffairs.uscc,
        ...publicity({ status: ACTIVE, start: publishedAfter(established), end: null }),
      });
    } else {
      insert.licence({
        id: nextId(Kind.LICENCE), uscc, decision_doc_name: '登记通知书',
        decision_doc_no: `（${g.short}市监）登字〔${yearOf(established)}〕第${r.int(1, 99999)}号`,
        item_name: '营业执照', category: LicenceCategory.REGISTRATION, licence_no: uscc,
        content: `准予设立登记：${inst.name}`, legal_basis: '《中华人民共和国市场主体登记管理条例》第十九条',
        authority_name: a.marketDistrict.name, authority_uscc: a.marketDistrict.uscc, decided_on: established,
        valid_from: established, valid_until: null, data_source_name: a.marketDistrict.name, data_source_uscc: a.marketDistrict.uscc,
        ...publicity({ status: ACTIVE, start: publishedAfter(established), end: null }),
      });
    }

    // School-running permit, renewed every five years; revoked for the REVOKED institutions.
    const revokedOn = inst.risk === 'REVOKED' ? r.date(addMonths(SEED_TODAY, -10), addDays(SEED_TODAY, -20)) : null;
    const hasPermit = inst.nonProfit || inst.risk === 'REVOKED' || ['SUBJECT_TUTORING', 'VOCATIONAL_TRAINING'].includes(inst.kind) || r.chance(0.5);
    let permit: { name: string; no: string; issuer: AuthorityRef; decidedOn: string } | null = null;
    if (hasPermit) {
      const vocational = inst.kind === 'VOCATIONAL_TRAINING';
      const issuer = vocational ? a.hrss : a.education;
      const itemName = vocational ? '民办职业培训学校办学许可证' : '民办学校办学许可证';
      let validFrom = afterEstablished(r.date('2021-09-01', '2024-12-31'));
      if (revokedOn && validFrom >= revokedOn) validFrom = addMonths(revokedOn, -14);
      for (;;) {
        const validUntil = addDays(addMonths(validFrom, 60), -1);
        const decidedOn = addDays(validFrom, -r.int(0, 10));
        const no = `${vocational ? '人社民' : '教民'}${g.code}${r.digits(9)}号`;
        const renewed = validUntil < SEED_TODAY && !revokedOn;
        const p: Publicity = revokedOn ? { status: REVOKED, start: publishedAfter(decidedOn), end: revokedOn } : windowStatus(publishedAfter(decidedOn), validUntil);
        insert.licence({
          id: nextId(Kind.LICENCE), uscc, decision_doc_name: '准予行政许可决定书',
          decision_doc_no: `${g.short}${vocational ? '人社' : '教'}许准字〔${yearOf(decidedOn)}〕${r.int(1, 999)}号`,
          item_name: itemName, category: LicenceCategory.GENERAL, licence_no: no,
          content: `准予举办${inst.name}；办学内容：${vocational ? '职业技能培训' : '非学历文化教育培训'}；办学形式：线上`,
          legal_basis: '《中华人民共和国民办教育促进法》第十二条、第十八条',
          authority_name: issuer.name, authority_uscc: issuer.uscc, decided_on: decidedOn,
          valid_from: validFrom, valid_until: validUntil, data_source_name: issuer.name, data_source_uscc: issuer.uscc,
          ...publicity(p),
        });
        permit = { name: itemName, no, issuer, decidedOn };
        if (!renewed) break;
        validFrom = addDays(validUntil, 1);
      }
    }
    if (r.chance(0.6)) {
      const validFrom = afterEstablished(r.date('2019-01-01', '2025-06-30'));
      const validUntil = addDays(addMonths(validFrom, 60), -1);
      const decidedOn = addDays(validFrom, -r.int(0, 10));
      const no = `${g.abbr}B2-${yearOf(decidedOn)}${r.digits(4)}`;
      insert.licence({
        id: nextId(Kind.LICENCE), uscc, decision_doc_name: '增值电信业务经营许可决定',
        decision_doc_no: `${g.abbr}通信管许〔${yearOf(decidedOn)}〕${r.int(1, 999)}号`,
        item_name: '增值电信业务经营许可证', category: LicenceCategory.GENERAL, licence_no: no,
        content: '第二类增值电信业务中的信息服务业务（仅限互联网信息服务）',
        legal_basis: '《中华人民共和国电信条例》第七条、第十三条；《电信业务经营许可管理办法》',
        authority_name: a.telecom.name, authority_uscc: a.telecom.uscc, decided_on: decidedOn,
        valid_from: validFrom, valid_until: validUntil, data_source_name: a.telecom.name, data_source_uscc: a.telecom.uscc,
        ...publicity(windowStatus(publishedAfter(decidedOn), validUntil)),
      });
    }
    if (r.chance(0.25)) {
      const validFrom = afterEstablished(r.date('2018-01-01', '2023-12-31'));
      const validUntil = addDays(addMonths(validFrom, 60), -1);
      const decidedOn = addDays(validFrom, -r.int(0, 10));
      insert.licence({
        id: nextId(Kind.LICENCE), uscc, decision_doc_name: '出版物经营许可决定书',
        decision_doc_no: `${g.short}文旅许〔${yearOf(decidedOn)}〕${r.int(1, 999)}号`,
        item_name: '出版物经营许可证', category: LicenceCategory.GENERAL, licence_no: `新出发${g.short}零字第${g.code.slice(2)}${r.digits(4)}号`,
        content: '图书、报纸、期刊、音像制品、电子出版物零售', legal_basis: '《出版管理条例》第三十五条',
        authority_name: a.culture.name, authority_uscc: a.culture.uscc, decided_on: decidedOn,
        valid_from: validFrom, valid_until: validUntil, data_source_name: a.culture.name, data_source_uscc: a.culture.uscc,
        ...publicity(windowStatus(publishedAfter(decidedOn), validUntil)),
      });
    }

    // -- penalties --
    type PenaltyFate = 'ACTIVE' | 'EXPIRED' | 'WITHDRAWN' | 'REVOKED' | 'REJECTED_REPAIR' | 'REVOKED_REPAIR';
    const penalty = (template: PenaltyTemplate, wanted: PenaltyFate, decidedAt?: string) => {
      const rule = PENALTY_PUBLICITY_MONTHS[template.rule];
      const minimum = rule.minimum;
      const earliest = addDays(inst.establishedOn, 30);
      let fate = wanted;
      // A young institution cannot have a penalty whose whole window has passed.
      if (fate === 'EXPIRED' && addMonths(SEED_TODAY, -rule.maximum - 2) < earliest) {
        if (inst.risk !== 'MINOR') return;
        fate = 'WITHDRAWN';
      }
      const [from, to] =
        fate === 'EXPIRED' ? ['2019-01-01', addMonths(SEED_TODAY, -rule.maximum - 2)]
        : fate === 'WITHDRAWN' ? [addMonths(SEED_TODAY, -rule.maximum + 2), addMonths(SEED_TODAY, -minimum - 2)]
        : fate === 'REJECTED_REPAIR' || fate === 'REVOKED_REPAIR' ? [addMonths(SEED_TODAY, -30), addMonths(SEED_TODAY, -minimum - 3)]
        : [addMonths(SEED_TODAY, -rule.maximum + 3), addDays(SEED_TODAY, -10)];
      const decidedOn = decidedAt ?? r.date(laterDate(laterDate(from, earliest), template.since), to);
      const start = publishedAfter(decidedOn);
      const plannedEnd = addMonths(start, rule.maximum);
      const eligible = addMonths(start, minimum);
      const id = nextId(Kind.PENALTY);
      const year = yearOf(decidedOn);
      const docNo = template.docNo(g, year, r.int(1, 9999));
      const issuer = template.authority === 'permitIssuer' ? (permit?.issuer ?? a.education) : a[template.authority];
      const fine = Math.round(r.int(template.fine[0], template.fine[1]) / 1000) * 1000;
      const confiscation = template.confiscation ? Math.round(r.int(template.confiscation[0], template.confiscation[1]) / 100) * 100 : 0;
      const source = r.chance(0.7) ? issuer : a.ndrc;

      let p: Publicity;
      if (fate === 'WITHDRAWN') {
        const appliedOn = r.date(eligible, earlierDate(addDays(SEED_TODAY, -20), addMonths(start, rule.maximum - 1)));
        const repairedOn = addDays(appliedOn, r.int(3, 10));
        p = { status: WITHDRAWN_AFTER_REPAIR, start, end: repairedOn };
        repair(id, Kind.PENALTY, docNo, NATIONAL_CREDIT_CENTRE(), appliedOn, repairedOn, RepairOutcome.APPROVED,
          '当事人已履行行政处罚决定，按期缴纳罚款，作出信用修复承诺并完成信用修复培训，准予修复，撤下公示信息');
        commitment(CommitmentKind.CREDIT_REPAIR, '信用修复申请（行政处罚信息）',
          '本单位已纠正失信行为、履行相关义务，申请信用修复所提交材料真实有效；如有不实，自愿接受撤销修复决定并承担相应责任',
          NATIONAL_CREDIT_CENTRE(), appliedOn, Fulfilment.FULFILLED, repairedOn);
      } else if (fate === 'REVOKED') {
        p = { status: REVOKED, start, end: earlierDate(addDays(start, r.int(30, 60)), addDays(SEED_TODAY, -1)) };
      } else if (fate === 'EXPIRED') {
        p = { status: EXPIRED, start, end: plannedEnd };
      } else {
        p = { status: ACTIVE, start, end: plannedEnd };
        if (fate === 'REJECTED_REPAIR') {
          const appliedOn = r.date(eligible, addDays(SEED_TODAY, -15));
          repair(id, Kind.PENALTY, docNo, NATIONAL_CREDIT_CENTRE(), appliedOn, addDays(appliedOn, r.int(3, 10)), RepairOutcome.REJECTED,
            '申请人尚未完全履行行政处罚决定确定的义务，不予修复');
        } else if (fate === 'REVOKED_REPAIR') {
          const appliedOn = r.date(eligible, addDays(SEED_TODAY, -60));
          const repairedOn = addDays(appliedOn, r.int(3, 10));
          const undoneOn = r.date(addDays(repairedOn, 10), addDays(SEED_TODAY, -5));
          repair(id, Kind.PENALTY, docNo, NATIONAL_CREDIT_CENTRE(), appliedOn, repairedOn, RepairOutcome.APPROVED,
            '经核查，申请人提交的信用修复承诺不实，撤销修复决定，恢复公示', undoneOn);
          commitment(CommitmentKind.CREDIT_REPAIR, '信用修复申请（行政处罚信息）',
            '本单位已纠正失信行为、履行相关义务，申请信用修复所提交材料真实有效；如有不实，自愿接受撤销修复决定并承担相应责任',
            NATIONAL_CREDIT_CENTRE(), appliedOn, Fulfilment.BREACHED, undoneOn);
        }
      }
      const revokesPermit = template.categories.includes(Penalty.LICENCE_REVOKED);
      insert.penalty({
        id, uscc, decision_doc_no: docNo, violation_type: template.violationType, facts: r.pick(template.facts),
        legal_basis: template.legalBasis, categories: JSON.stringify(template.categories),
        content: template.content(fine, confiscation), fine_cny: fine, confiscation_cny: confiscation,
        licence_affected: revokesPermit && permit ? `${permit.name}（${permit.no}）` : null,
        authority_name: issuer.name, authority_uscc: issuer.uscc, decided_on: decidedOn,
        valid_until: template.categories.includes(Penalty.BUSINESS_SUSPENDED) ? addMonths(decidedOn, 3) : null,
        repair_eligible_from: eligible, ...legalRep(), data_source_name: source.name, data_source_uscc: source.uscc,
        ...publicity(p),
      });
    };

    /** An ordinary penalty whose legal basis was already in force for an old (EXPIRED) decision. */
    const ordinary = (fate: PenaltyFate): PenaltyTemplate =>
      fate === 'EXPIRED' ? r.pick(OLD_ENOUGH_PENALTIES) : r.pick(ORDINARY_PENALTIES);

    switch (inst.risk) {
      case 'GOOD':
        if (r.chance(0.04)) penalty(ordinary('EXPIRED'), 'EXPIRED');
        break;
      case 'MINOR': {
        const count = r.int(1, 2);
        for (let k = 0; k < count; k += 1) {
          const roll = r.next();
          const fate: PenaltyFate = roll < 0.55 ? 'WITHDRAWN' : roll < 0.95 ? 'EXPIRED' : 'REVOKED';
          penalty(ordinary(fate), fate);
        }
        break;
      }
      case 'TROUBLED': {
        const count = r.int(1, 3);
        const roll = r.next();
        for (let k = 0; k < count; k += 1) {
          const fate: PenaltyFate = k > 0 ? 'ACTIVE' : roll < 0.15 ? 'REJECTED_REPAIR' : roll < 0.2 ? 'REVOKED_REPAIR' : 'ACTIVE';
          penalty(r.pick(ORDINARY_PENALTIES), fate);
        }
        if (r.chance(0.3)) penalty(ordinary('EXPIRED'), 'EXPIRED');
        if (r.chance(0.08)) penalty(r.pick(ORDINARY_PENALTIES), 'REVOKED');
        break;
      }
      case 'REVOKED': {
        penalty(PERMIT_REVOCATION, 'ACTIVE', revokedOn ?? undefined);
        if (r.chance(0.5)) penalty(REFUND_PENALTY, 'ACTIVE');
        const count = r.int(0, 2);
        for (let k = 0; k < count; k += 1) penalty(r.pick(ORDINARY_PENALTIES), 'ACTIVE');
        if (r.chance(0.3)) penalty(ordinary('EXPIRED'), 'EXPIRED');
        break;
      }
    }

    // -- dishonesty lists --
    const dishonesty = (wanted: 'ACTIVE' | 'EXPIRED' | 'WITHDRAWN' | 'REVOKED') => {
      const earliest = addDays(inst.establishedOn, 30);
      const fate = wanted === 'EXPIRED' && addMonths(SEED_TODAY, -DISHONESTY_LISTING_MONTHS.maximum - 2) < earliest ? 'WITHDRAWN' : wanted;
      const list = fate === 'ACTIVE' ? r.pick(DISHONESTY_LISTS) : DISHONESTY_LISTS[0];
      const [from, to] =
        fate === 'ACTIVE' ? [addMonths(SEED_TODAY, -30), addDays(SEED_TODAY, -15)]
        : fate === 'EXPIRED' ? ['2019-06-01', addMonths(SEED_TODAY, -DISHONESTY_LISTING_MONTHS.maximum - 2)]
        : fate === 'WITHDRAWN' ? [addMonths(SEED_TODAY, -34), addMonths(SEED_TODAY, -DISHONESTY_LISTING_MONTHS.minimum - 2)]
        : [addMonths(SEED_TODAY, -24), addDays(SEED_TODAY, -90)];
      const listedOn = r.date(laterDate(from, earliest), to);
      const planned = addMonths(listedOn, DISHONESTY_LISTING_MONTHS.maximum);
      const id = nextId(Kind.DISHONESTY_LISTING);
      const authority = a[list.authority];
      const docNo = list.docNo(g, yearOf(listedOn), r.int(1, 999));
      let removedOn: string | null = null;
      let status: PublicityStatus = ACTIVE;
      if (fate === 'EXPIRED') {
        removedOn = planned;
        status = EXPIRED;
      } else if (fate === 'REVOKED') {
        removedOn = addDays(listedOn, r.int(20, 80));
        status = REVOKED;
      } else if (fate === 'WITHDRAWN') {
        const eligible = addMonths(listedOn, DISHONESTY_LISTING_MONTHS.minimum);
        const appliedOn = r.date(eligible, earlierDate(addDays(SEED_TODAY, -20), addMonths(listedOn, DISHONESTY_LISTING_MONTHS.maximum - 1)));
        removedOn = addDays(appliedOn, r.int(5, 15));
        status = WITHDRAWN_AFTER_REPAIR;
        repair(id, Kind.DISHONESTY_LISTING, docNo, authority, appliedOn, removedOn, RepairOutcome.APPROVED,
          '当事人已履行相关义务，列入名单满一年且未再发生同类违法行为，作出信用承诺，准予提前移出名单');
      }
      insert.dishonesty({
        id, uscc, decision_doc_no: docNo, list_name: list.listName, reason: r.pick(list.reasons), legal_basis: list.legalBasis,
        listing_authority_name: authority.name, listing_authority_uscc: authority.uscc, listed_on: listedOn,
        planned_removal_on: planned, removed_on: removedOn, measures: JSON.stringify(list.measures),
        ...publicity({ status, start: listedOn, end: removedOn ?? planned }),
      });
    };
    if (inst.risk === 'REVOKED') {
      dishonesty('ACTIVE');
      if (r.chance(0.3)) dishonesty('ACTIVE');
    } else if (inst.risk === 'MINOR' && r.chance(0.05)) {
      dishonesty(r.chance(0.6) ? 'WITHDRAWN' : 'EXPIRED');
    } else if (inst.risk === 'TROUBLED' && r.chance(0.04)) {
      dishonesty('REVOKED');
    }

    // -- judgment defaulters --
    const judgment = (active: boolean) => {
      const filedOn = afterEstablished(active
        ? r.date(addMonths(SEED_TODAY, -22), addDays(SEED_TODAY, -75))
        : r.date('2020-01-01', '2024-03-31'));
      const publishedOn = addDays(filedOn, r.int(30, 70));
      const basisYear = String(Number(yearOf(filedOn)) - r.int(0, 1));
      const amount = r.int(500, 30_000) * 100;
      const fromArbitration = r.chance(0.3);
      let performed = 0;
      let status = Performance.NOT_PERFORMED;
      let p: Publicity;
      if (active) {
        if (r.chance(0.4)) {
          status = Performance.PARTIALLY_PERFORMED;
          performed = Math.round((amount * r.int(10, 60)) / 10_000) * 100;
        }
        p = { status: ACTIVE, start: publishedOn, end: addMonths(publishedOn, JUDGMENT_DEFAULTER_MONTHS) };
      } else {
        status = Performance.PERFORMED;
        performed = amount;
        const performedOn = r.date(addDays(publishedOn, 30), earlierDate(addDays(publishedOn, 700), addDays(SEED_TODAY, -30)));
        p = { status: EXPIRED, start: publishedOn, end: performedOn };
      }
      const court = `${g.name}人民法院`;
      insert.judgment({
        id: nextId(Kind.JUDGMENT_DEFAULTER), uscc, court,
        case_no: `（${yearOf(filedOn)}）${g.abbr}${g.code.slice(2)}执${r.int(1, 30_000)}号`, filed_on: filedOn,
        enforcement_basis_doc_no: fromArbitration
          ? `${g.abbr}${g.short}劳人仲字〔${basisYear}〕第${r.int(1, 9999)}号`
          : `（${basisYear}）${g.abbr}${g.code.slice(2)}民初${r.int(1, 50_000)}号`,
        enforcement_basis_issuer: fromArbitration ? `${g.name}劳动人事争议仲裁委员会` : court,
        obligation: fromArbitration ? (JUDGMENT_OBLIGATIONS[1] as (n: number) => string)(amount) : r.pick(JUDGMENT_OBLIGATIONS)(amount),
        obligation_amount_cny: amount, performed_amount_cny: performed, performance_status: status,
        dishonest_behaviour: r.pick(DISHONEST_BEHAVIOURS), published_on: publishedOn, ...legalRep(),
        ...publicity(p),
      });
    };
    if (inst.risk === 'REVOKED') {
      judgment(true);
      if (r.chance(0.35)) judgment(true);
    } else if ((inst.risk === 'TROUBLED' && r.chance(0.08)) || (inst.risk === 'MINOR' && r.chance(0.03))) {
      judgment(false);
    }

    // -- incentive lists --
    const incentiveChance = inst.risk === 'GOOD' ? 0.35 : inst.risk === 'MINOR' ? 0.1 : inst.risk === 'REVOKED' ? 0.25 : 0;
    if (r.chance(incentiveChance)) {
      const list = r.pick(INCENTIVE_LISTS);
      const authority = a[list.authority];
      const revoked = inst.risk === 'REVOKED';
      const listedOn = afterEstablished(revoked
        ? r.date(addMonths(SEED_TODAY, -list.months - 6), addMonths(SEED_TODAY, -list.months + 2))
        : r.date('2022-04-01', addDays(SEED_TODAY, -30)));
      const validUntil = addDays(addMonths(listedOn, list.months), -1);
      const p = revoked
        ? { status: REVOKED, start: listedOn, end: earlierDate(addDays(listedOn, r.int(60, 200)), addDays(SEED_TODAY, -5)) }
        : windowStatus(listedOn, validUntil);
      insert.incentive({
        id: nextId(Kind.INCENTIVE_LISTING), uscc, list_name: list.listName, legal_basis: list.legalBasis,
        listing_authority_name: authority.name, listing_authority_uscc: authority.uscc, listed_on: listedOn,
        valid_until: validUntil, incentives: JSON.stringify(list.incentives), ...publicity(p),
      });
    }

    // -- other commitments --
    const troubled = inst.risk === 'TROUBLED' || inst.risk === 'REVOKED';
    if (permit && r.chance(0.5)) {
      const committedOn = addDays(permit.decidedOn, -r.int(5, 30));
      const breached = troubled && r.chance(0.2);
      commitment(CommitmentKind.CERTIFICATION_NOTICE, `${permit.name}核发（证明事项告知承诺制）`,
        '本单位承诺办学场所、师资、消防安全等条件符合规定，所提交材料真实有效；如有不实，自愿承担不予许可或撤销许可的法律责任',
        permit.issuer, committedOn, breached ? Fulfilment.BREACHED : Fulfilment.FULFILLED,
        breached ? r.date(permit.decidedOn, SEED_TODAY) : addDays(permit.decidedOn, r.int(30, 90)));
    }
    if (r.chance(0.7)) {
      const committedOn = afterEstablished(r.date('2021-08-01', addDays(SEED_TODAY, -30)));
      const breached = inst.risk === 'REVOKED' ? r.chance(0.8) : inst.risk === 'TROUBLED' ? r.chance(0.5) : false;
      const fulfilled = !breached && r.chance(0.3);
      commitment(CommitmentKind.INDUSTRY_SELF_DISCIPLINE, '校外培训机构预收费资金监管',
        '本单位承诺将预收培训费全部存入资金监管账户，单次收费不超过60课时或3个月，不以“保过”“提分”等承诺进行虚假宣传',
        a.education, committedOn, breached ? Fulfilment.BREACHED : fulfilled ? Fulfilment.FULFILLED : Fulfilment.IN_EFFECT,
        breached || fulfilled ? r.date(committedOn, SEED_TODAY) : null);
    }
    if (r.chance(0.2)) {
      const committedOn = afterEstablished(r.date('2021-01-01', addDays(SEED_TODAY, -7)));
      commitment(CommitmentKind.VOLUNTARY, '主动型信用承诺', '本单位承诺诚信经营、依法纳税、保障学员合法权益，自觉接受社会监督',
        a.ndrc, committedOn, Fulfilment.IN_EFFECT, null);
    }
  }
}
