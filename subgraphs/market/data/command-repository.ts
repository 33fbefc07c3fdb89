import type { SqliteDatabase } from '../../shared/database';

/** The market read tables the commands keep in step with their records, on the writer connection. */
export interface MarketProjections {
  registrationStatus(uscc: string): Promise<string | null>;
  setRegistrationStatus(uscc: string, status: 'OPERATING' | 'REVOKED', asOf: string): Promise<void>;
  insertPenalty(row: {
    id: string; uscc: string; decisionDocNo: string; violationType: string; facts: string; legalBasis: string; penaltyContent: string;
    fineCny: number | null; decidedOn: string; decidingAuthority: string; publicityStatus: string; publicityStart: string; publicityEnd: string;
    tier: string; asOf: string;
  }): Promise<void>;
  setPenaltyPublicity(id: string, publicityStatus: string, publicityEnd: string | null, asOf: string): Promise<void>;
  insertAbnormalListing(row: { id: string; uscc: string; reason: string; listedOn: string; listingAuthority: string; asOf: string }): Promise<void>;
  removeAbnormalListing(row: { id: string; removedOn: string; removalReason: string; asOf: string }): Promise<void>;
}

export function openMarketProjections(db: SqliteDatabase): MarketProjections {
  const s = {
    status: db.prepare('SELECT status FROM registrations WHERE uscc = ?'),
    setStatus: db.prepare('UPDATE registrations SET status = ?, as_of = ? WHERE uscc = ?'),
    penalty: db.prepare(
      `INSERT INTO penalties (id, uscc, decision_doc_no, violation_type, facts, legal_basis, penalty_content, fine_cny, decided_on,
                              deciding_authority, publicity_status, publicity_start, publicity_end, as_of, tier)
       VALUES (@id, @uscc, @decisionDocNo, @violationType, @facts, @legalBasis, @penaltyContent, @fineCny, @decidedOn,
               @decidingAuthority, @publicityStatus, @publicityStart, @publicityEnd, @asOf, @tier)`,
    ),
    penaltyPublicity: db.prepare('UPDATE penalties SET publicity_status = ?, publicity_end = coalesce(?, publicity_end), as_of = ? WHERE id = ?'),
    abnormal: db.prepare(
      `INSERT INTO abnormal_operation_listings (id, uscc, reason, listed_on, listing_authority, removed_on, removal_reason,
                                                publicity_status, publicity_start, publicity_end, as_of)
       VALUES (@id, @uscc, @reason, @listedOn, @listingAuthority, NULL, NULL, 'ACTIVE', @listedOn, NULL, @asOf)`,
    ),
    removeAbnormal: db.prepare(
      `UPDATE abnormal_operation_listings SET removed_on = @removedOn, removal_reason = @removalReason,
              publicity_status = 'WITHDRAWN_AFTER_REPAIR', publicity_end = @removedOn, as_of = @asOf WHERE id = @id`,
    ),
  };
  return {
    registrationStatus: async (uscc) => (s.status.get(uscc) as { status: string } | undefined)?.status ?? null,
    setRegistrationStatus: async (uscc, status, asOf) => void s.setStatus.run(status, asOf, uscc),
    insertPenalty: async (row) => void s.penalty.run(row),
    setPenaltyPublicity: async (id, status, end, asOf) => void s.penaltyPublicity.run(status, end, asOf, id),
    insertAbnormalListing: async (row) => void s.abnormal.run(row),
    removeAbnormalListing: async (row) => void s.removeAbnormal.run(row),
  };
}
