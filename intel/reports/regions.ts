import { readRulesFile, record, RulesError } from '../../subgraphs/shared/commands/rules';

export type RegionLevel = 'COUNTRY' | 'PROVINCE' | 'CITY' | 'DISTRICT';

export interface DivisionTable {
  readonly codeTableVersion: string;
  name(code: string): string;
}

let table: DivisionTable | undefined;

/** rules/gbt2260.json: the division names reports print, with the code table's version. */
export function divisions(): DivisionTable {
  if (table) return table;
  const raw = record(readRulesFile('gbt2260.json'), 'gbt2260.json');
  const names = record(raw.divisions, 'gbt2260.json divisions');
  for (const code of Object.keys(names)) if (!/^\d{6}$/.test(code)) throw new RulesError(`gbt2260.json: '${code}' is not a six-digit code`);
  table = { codeTableVersion: String(raw.codeTableVersion), name: (code) => (code === '000000' ? '全国' : String(names[code] ?? code)) };
  return table;
}

/** A report region: six digits; 000000 the country, ..0000 a province, ....00 a prefecture, else a county. */
export function levelOf(code: string): RegionLevel {
  if (code === '000000') return 'COUNTRY';
  if (code.endsWith('0000')) return 'PROVINCE';
  if (code.endsWith('00')) return 'CITY';
  return 'DISTRICT';
}

/** The prefix a region's institutions share (GB/T 2260 rollup: district → city → province). */
export function prefixOf(code: string): string {
  switch (levelOf(code)) {
    case 'COUNTRY': return '';
    case 'PROVINCE': return code.slice(0, 2);
    case 'CITY': return code.slice(0, 4);
    case 'DISTRICT': return code;
  }
}

/** The division one level below the report's region that a district belongs to (the report's rows). */
export function childOf(region: string, district: string): string {
  switch (levelOf(region)) {
    case 'COUNTRY': return `${district.slice(0, 2)}0000`;
    case 'PROVINCE': return `${district.slice(0, 4)}00`;
    default: return district;
  }
}
