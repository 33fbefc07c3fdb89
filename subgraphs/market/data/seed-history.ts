import { createSeedHistoryWriter, type SeedTransition } from '../../shared/commands/sqlite-command-store';
import type { SqliteDatabase } from '../../shared/database';
import { SEED_TODAY } from '../../shared/seed/seed-institution';
import { laterDate } from '../../shared/seed/seed-dates';
import { registeringRegion } from '../commands/writes';

/**
 * The histories behind the seeded market rows: each registration's licence (revoked ones with
 * the decision that revoked them), each penalty decision and each abnormal-operation entry.
 */
export function seedMarketHistories(db: SqliteDatabase): void {
  const write = createSeedHistoryWriter(db);
  const actorFor = (uscc: string, authority: string) => ({
    subject: `seed:officer-samr-${registeringRegion(uscc)}`, consumer: 'samr-market-supervision', agency: authority, region: registeringRegion(uscc),
  });
  const revocationOf = db.prepare(
    "SELECT decided_on AS decidedOn, decision_doc_no AS decisionDocNo FROM penalties WHERE uscc = ? AND penalty_content LIKE '%吊销营业执照%' ORDER BY decided_on DESC LIMIT 1",
  );
  for (const r of db.prepare('SELECT uscc, established_on AS establishedOn, status, registration_authority AS authority FROM registrations ORDER BY uscc').all() as { uscc: string; establishedOn: string; status: string; authority: string }[]) {
    const transitions: SeedTransition[] = [{ command: 'REGISTER', to: 'OPERATING', on: r.establishedOn }];
    const revocation = revocationOf.get(r.uscc) as { decidedOn: string; decisionDocNo: string } | undefined;
    if (r.status === 'REVOKED') {
      transitions.push({ command: 'REVOKE', to: 'REVOKED', on: laterDate(revocation?.decidedOn ?? SEED_TODAY, r.establishedOn), legalBasis: '中华人民共和国市场主体登记管理条例 art. 40', decisionDocNo: revocation?.decisionDocNo ?? null });
    }
    write('BUSINESS_LICENCE', { kind: 'business-licence', id: r.uscc, uscc: r.uscc, regionCode: registeringRegion(r.uscc), data: { revokedOn: r.status === 'REVOKED' ? transitions.at(-1)!.on : null } },
      actorFor(r.uscc, r.authority), transitions, 'NONE');
  }
  for (const p of db.prepare(`SELECT id, uscc, decision_doc_no AS decisionDocNo, violation_type AS violationType, legal_basis AS legalBasis, fine_cny AS fineCny,
                                     decided_on AS decidedOn, deciding_authority AS authority, publicity_status AS status, publicity_start AS start, publicity_end AS end
                              FROM penalties ORDER BY id`).all() as { id: string; uscc: string; decisionDocNo: string; violationType: string; legalBasis: string; fineCny: number | null; decidedOn: string; authority: string; status: string; start: string; end: string | null }[]) {
    const transitions: SeedTransition[] = [{ command: 'RECORD', to: 'IN_FORCE', on: p.decidedOn, legalBasis: p.legalBasis, decisionDocNo: p.decisionDocNo }];
    if (p.status === 'REVOKED') transitions.push({ command: 'REVOKE_DECISION', to: 'REVOKED', on: p.end ?? p.decidedOn, legalBasis: '行政处罚法 art. 48 ¶2 (decision revoked)', decisionDocNo: p.decisionDocNo });
    write('PENALTY_DECISION', {
      kind: 'penalty', id: p.id, uscc: p.uscc, regionCode: registeringRegion(p.uscc),
      data: { tier: null, violationType: p.violationType, decidedOn: p.decidedOn, decisionDocNo: p.decisionDocNo, fineCny: p.fineCny,
        window: { regime: 'as published', regimeStatus: 'seeded', published: true, publicityStart: p.start, publicityEnd: p.end ?? p.start, repairEligibleFrom: p.start } },
    }, actorFor(p.uscc, p.authority), transitions, 'NONE');
  }
  for (const a of db.prepare(`SELECT id, uscc, reason, listed_on AS listedOn, listing_authority AS authority, removed_on AS removedOn, removal_reason AS removalReason
                              FROM abnormal_operation_listings ORDER BY id`).all() as { id: string; uscc: string; reason: string; listedOn: string; authority: string; removedOn: string | null; removalReason: string | null }[]) {
    const transitions: SeedTransition[] = [{ command: 'LIST', to: 'LISTED', on: a.listedOn, legalBasis: '企业经营异常名录管理暂行办法', decisionDocNo: `${a.id}-L` }];
    if (a.removedOn) transitions.push({ command: 'DELIST', to: 'REMOVED', on: a.removedOn, legalBasis: '企业经营异常名录管理暂行办法', decisionDocNo: `${a.id}-R`, payload: { removalReason: a.removalReason } });
    write('ABNORMAL_LISTING', { kind: 'abnormal-listing', id: a.id, uscc: a.uscc, regionCode: registeringRegion(a.uscc), data: { reason: a.reason, listedOn: a.listedOn, removedOn: a.removedOn, removalReason: a.removalReason } },
      actorFor(a.uscc, a.authority), transitions, 'NONE');
  }
}
