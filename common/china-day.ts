/**
 * The date in China (UTC+8, no daylight saving) of an instant. Deadlines, permits, publicity windows
 * and per-day counts run on Beijing days; the UTC date is the day before from 00:00 to 08:00 there.
 */
export function chinaToday(at: Date | string): string {
  return new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant, ISO 8601 in UTC, at which a Beijing day begins. */
export function chinaDayStart(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS).toISOString();
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
