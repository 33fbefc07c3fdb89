import { addDays, addMonths, dayOf } from '../seed/seed-dates';
import { deepFreeze, isoDate, readRulesFile, record, RulesError } from './rules';

export interface CalendarYear {
  readonly status: 'verified' | 'unverified';
  readonly source: string;
  readonly holidays: ReadonlySet<string>;
  readonly workdays: ReadonlySet<string>;
}

export interface WorkingDayCalendar {
  readonly version: string;
  readonly years: ReadonlyMap<number, CalendarYear>;
}

/** A deadline as computed: the due date, the calendar version it was counted on, and how sure it is. */
export interface DueDate {
  readonly dueOn: string;
  readonly rule: string;
  readonly calendarVersion: string;
  /** True when a day counted falls in a year the calendar has no verified notice for. */
  readonly provisional: boolean;
}

export interface DeadlineRule {
  readonly unit: 'WORKING_DAY' | 'DAY';
  readonly length: number;
  readonly legalBasis: string;
  readonly status: string;
}

/**
 * Parses the calendar file and picks one version (the last one listed, unless named). Each year
 * is a set of rest days on weekdays (holidays) and working days on weekends (调休).
 */
export function parseCalendar(raw: unknown, version?: string): WorkingDayCalendar {
  const versions = (record(raw, 'working-days.json').versions ?? []) as unknown[];
  if (!Array.isArray(versions) || versions.length === 0) throw new RulesError('working-days.json: versions must be a non-empty array');
  const chosen = version ? versions.find((v) => record(v, 'version').version === version) : versions.at(-1);
  if (!chosen) throw new RulesError(`working-days.json has no version '${version}'`);
  const entry = record(chosen, 'working-days.json version');
  const years = new Map<number, CalendarYear>();
  for (const [year, value] of Object.entries(record(entry.years, `${String(entry.version)}.years`))) {
    const where = `working-days.json ${String(entry.version)} ${year}`;
    const y = record(value, where);
    if (y.status !== 'verified' && y.status !== 'unverified') throw new RulesError(`${where}.status must be verified or unverified`);
    const holidays = new Set<string>();
    for (const range of (y.holidays ?? []) as unknown[]) {
      const [from, to] = range as unknown[];
      for (let d = isoDate(from, `${where} holiday`); d <= isoDate(to, `${where} holiday`); d = addDays(d, 1)) holidays.add(d);
    }
    const workdays = new Set(((y.workdays ?? []) as unknown[]).map((d) => isoDate(d, `${where} workday`)));
    for (const d of [...holidays, ...workdays]) {
      if (!d.startsWith(year)) throw new RulesError(`${where}: ${d} is not in ${year}`);
    }
    years.set(Number(year), { status: y.status, source: String(y.source ?? ''), holidays, workdays });
  }
  return deepFreeze({ version: String(entry.version), years });
}

export function loadCalendar(file = 'working-days.json', version?: string): WorkingDayCalendar {
  return parseCalendar(readRulesFile(file), version);
}

/** Whether a date is a working day; outside the calendar's years only weekends are rest days. */
export function isWorkingDay(calendar: WorkingDayCalendar, iso: string): boolean {
  const year = calendar.years.get(Number(iso.slice(0, 4)));
  if (year?.workdays.has(iso)) return true;
  if (year?.holidays.has(iso)) return false;
  const weekday = (dayOf(iso) + 4) % 7; // 1970-01-01 was a Thursday
  return weekday !== 0 && weekday !== 6;
}

function verifiedYear(calendar: WorkingDayCalendar, iso: string): boolean {
  return calendar.years.get(Number(iso.slice(0, 4)))?.status === 'verified';
}

/**
 * The day a deadline falls on. Working days are counted from the day after the start ("within 7
 * working days" of a complaint received on Friday ends on the 7th working day after it).
 */
export function dueDate(calendar: WorkingDayCalendar, ruleName: string, rule: DeadlineRule, startIso: string): DueDate {
  let provisional = false;
  let day = startIso;
  if (rule.unit === 'DAY') {
    day = addDays(startIso, rule.length);
    provisional = !verifiedYear(calendar, day);
  } else {
    for (let counted = 0; counted < rule.length; ) {
      day = addDays(day, 1);
      if (!verifiedYear(calendar, day)) provisional = true;
      if (isWorkingDay(calendar, day)) counted += 1;
    }
  }
  return { dueOn: day, rule: ruleName, calendarVersion: calendar.version, provisional };
}

export function parseDeadlines(raw: unknown): ReadonlyMap<string, DeadlineRule> {
  const rules = new Map<string, DeadlineRule>();
  for (const [name, value] of Object.entries(record(record(raw, 'deadlines.json').rules, 'deadlines.json rules'))) {
    const r = record(value, `deadlines.json ${name}`);
    if (r.unit !== 'WORKING_DAY' && r.unit !== 'DAY') throw new RulesError(`deadlines.json ${name}.unit must be WORKING_DAY or DAY`);
    if (!Number.isInteger(r.length) || (r.length as number) < 1) throw new RulesError(`deadlines.json ${name}.length must be a positive integer`);
    rules.set(name, deepFreeze({ unit: r.unit, length: r.length as number, legalBasis: String(r.legalBasis ?? ''), status: String(r.status ?? '') }));
  }
  return rules;
}

/** The deadline rules and the calendar, together: what `dueDate` needs, from one place. */
export interface Deadlines {
  readonly calendar: WorkingDayCalendar;
  due(ruleName: string, startIso: string): DueDate;
}

export function createDeadlines(calendar: WorkingDayCalendar, rules: ReadonlyMap<string, DeadlineRule> = parseDeadlines(readRulesFile('deadlines.json'))): Deadlines {
  return {
    calendar,
    due(ruleName, startIso) {
      const rule = rules.get(ruleName);
      if (!rule) throw new RulesError(`deadlines.json has no rule '${ruleName}'`);
      return dueDate(calendar, ruleName, rule, startIso);
    },
  };
}


export { addMonths };
