import { registerEnumType } from 'type-graphql';
import { chinaToday } from '../../../common/china-day';

/**
 * Where a published record stands in its publicity life: only ACTIVE records inside their window
 * are public by law; the others reach only callers holding the owning agency's scope.
 */
export enum PublicityStatus {
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  WITHDRAWN_AFTER_REPAIR = 'WITHDRAWN_AFTER_REPAIR',
  REVOKED = 'REVOKED',
  /** A decision of the MINOR tier, which the regime in force does not publish. */
  NOT_PUBLISHED = 'NOT_PUBLISHED',
}
registerEnumType(PublicityStatus, { name: 'PublicityStatus', description: 'Publicity life of a penalty or list entry.' });

/** SQL condition for "public today": ACTIVE and inside the window; `@today` is bound as YYYY-MM-DD. */
export const PUBLIC_TODAY_SQL =
  "(publicity_status = 'ACTIVE' AND publicity_start <= @today AND (publicity_end IS NULL OR publicity_end >= @today))";

/** Today's date in China, the day a publicity window is read against. */
export function todayIso(now: Date = new Date()): string {
  return chinaToday(now);
}

/** The same test as PUBLIC_TODAY_SQL, for a row already read. */
export function isPublicToday(row: { publicityStatus: string; publicityStart: string; publicityEnd: string | null }, today: string): boolean {
  return row.publicityStatus === 'ACTIVE' && row.publicityStart <= today && (row.publicityEnd === null || row.publicityEnd >= today);
}

/** Whether a record still counts against its subject: not expired, repaired or revoked (public or not, e.g. NOT_PUBLISHED). */
export function inForce(row: { publicityStatus: string; publicityEnd: string | null }, today: string): boolean {
  return (row.publicityStatus === 'ACTIVE' || row.publicityStatus === 'NOT_PUBLISHED') && (row.publicityEnd === null || row.publicityEnd >= today);
}
