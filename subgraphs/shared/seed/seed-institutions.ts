import { makeResidentId, makeUscc } from '../../../common/identifiers';
import { Random } from './random';
import { INSTITUTION_KINDS, type RiskProfile, type SeedInstitution } from './seed-institution';

/** Real GB/T 2260 district codes where online-education companies cluster. */
export const REGIONS: readonly { code: string; name: string }[] = [
  { code: '110108', name: '北京市海淀区' },
  { code: '110105', name: '北京市朝阳区' },
  { code: '310104', name: '上海市徐汇区' },
  { code: '310115', name: '上海市浦东新区' },
  { code: '440106', name: '广州市天河区' },
  { code: '440305', name: '深圳市南山区' },
  { code: '330106', name: '杭州市西湖区' },
  { code: '320106', name: '南京市鼓楼区' },
  { code: '420111', name: '武汉市洪山区' },
  { code: '510107', name: '成都市武侯区' },
  { code: '610113', name: '西安市雁塔区' },
  { code: '500112', name: '重庆市渝北区' },
];

/** Provinces of the REGIONS above (GB/T 2260 first two digits), with the one-character abbreviation documents use. */
export const PROVINCES: Readonly<Record<string, { readonly name: string; readonly abbr: string }>> = {
  '11': { name: '北京市', abbr: '京' },
  '31': { name: '上海市', abbr: '沪' },
  '44': { name: '广东省', abbr: '粤' },
  '33': { name: '浙江省', abbr: '浙' },
  '32': { name: '江苏省', abbr: '苏' },
  '42': { name: '湖北省', abbr: '鄂' },
  '51': { name: '四川省', abbr: '川' },
  '61': { name: '陕西省', abbr: '陕' },
  '50': { name: '重庆市', abbr: '渝' },
};

/** The province of a seeded region code; every seeded region has one. */
export function provinceOf(regionCode: string): { readonly name: string; readonly abbr: string } {
  const province = PROVINCES[regionCode.slice(0, 2)];
  if (!province) throw new Error(`no province for region ${regionCode}`);
  return province;
}

const BRAND_WORDS = ['智学', '启明', '优课', '博雅', '明师', '乐学', '卓越', '新东', '学而', '思远', '慧读', '知行', '睿思', '星火', '育才', '书香', '云课', '领航', '精英', '益智'];
const TRADE_WORDS = ['在线教育科技', '教育科技', '网络科技', '文化传播', '培训学校', '职业技能培训', '语言培训'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华', '平', '建国', '海燕', '志强', '晓东'];
const ORG_BODY_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export function personName(random: Random): string {
  return random.pick(SURNAMES) + random.pick(GIVEN);
}

export function residentId(random: Random, regionCode: string, bornFrom = '1960-01-01', bornTo = '2000-12-31'): string {
  const birth = random.date(bornFrom, bornTo).replaceAll('-', '');
  return makeResidentId(regionCode, birth, String(random.int(1, 999)).padStart(3, '0'));
}

function riskProfile(random: Random): RiskProfile {
  const r = random.next();
  if (r < 0.6) return 'GOOD';
  if (r < 0.82) return 'MINOR';
  if (r < 0.95) return 'TROUBLED';
  return 'REVOKED';
}

/**
 * The shared identity of `count` institutions. Deterministic in (count, seed): a bigger count
 * extends a smaller one with the same first institutions, because each one draws from its own stream.
 */
export function generateInstitutions(count: number, seed: number): SeedInstitution[] {
  const usccs = new Set<string>();
  const institutions: SeedInstitution[] = [];
  for (let i = 0; i < count; i += 1) {
    const random = new Random(`${seed}:institution:${i}`);
    const region = random.pick(REGIONS);
    const nonProfit = random.chance(0.3);
    // Post-2015 bodies start with MA; a non-profit private school registers with civil affairs (52).
    const [authority, category] = nonProfit ? ['5', '2'] : ['9', '1'];
    let uscc: string;
    do {
      let body = 'MA';
      for (let k = 0; k < 6; k += 1) body += random.pick([...ORG_BODY_CHARSET]);
      uscc = makeUscc(authority, category, region.code, body);
    } while (usccs.has(uscc));
    usccs.add(uscc);
    const city = region.name.slice(0, 2);
    const brand = random.pick(BRAND_WORDS) + random.pick(BRAND_WORDS);
    const name = nonProfit
      ? `${city}市${brand}培训学校`
      : `${city}${brand}${random.pick(TRADE_WORDS)}有限公司`;
    institutions.push({
      uscc,
      name,
      regionCode: region.code,
      regionName: region.name,
      kind: random.pick(INSTITUTION_KINDS),
      nonProfit,
      establishedOn: random.date('2012-01-01', '2024-06-30'),
      legalRepresentative: { name: personName(random), residentId: residentId(random, region.code) },
      risk: riskProfile(random),
    });
  }
  return institutions;
}
