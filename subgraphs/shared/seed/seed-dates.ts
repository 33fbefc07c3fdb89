/**
 * Calendar arithmetic on YYYY-MM-DD strings for the seeds. Every result is a real date: a month
 * or year step from a day the target month lacks (31st, 29 February) lands on its last day.
 * Parsed and printed days are cached, because seeding 100,000 institutions repeats them a lot.
 */
const DAY_MS = 86_400_000;
const dayOfIso = new Map<string, number>();
const isoOfDay = new Map<number, string>();

/** Days since the epoch. */
export function dayOf(iso: string): number {
  let day = dayOfIso.get(iso);
  if (day === undefined) {
    day = Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
    dayOfIso.set(iso, day);
  }
  return day;
}

export function isoOf(day: number): string {
  let iso = isoOfDay.get(day);
  if (iso === undefined) {
    iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    isoOfDay.set(day, iso);
  }
  return iso;
}

export function addDays(iso: string, days: number): string {
  return isoOf(dayOf(iso) + days);
}

export function addMonths(iso: string, months: number): string {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7)) - 1 + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return isoOf(Math.round(Date.UTC(year, month, Math.min(Number(iso.slice(8, 10)), lastDay)) / DAY_MS));
}

export function addYears(iso: string, years: number): string {
  return addMonths(iso, years * 12);
}

export function earlierDate(a: string, b: string): string {
  return a < b ? a : b;
}

export function laterDate(a: string, b: string): string {
  return a > b ? a : b;
}
