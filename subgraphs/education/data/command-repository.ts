import type { SqliteDatabase } from '../../shared/database';

/** The registry facts a command needs about an institution, read inside its transaction. */
export interface RegistryEntry {
  uscc: string;
  name: string;
  regionCode: string;
  regionName: string;
}

/**
 * The education read tables the commands keep in step with their records, inside the command's
 * transaction (they run on the writer connection). One method, one statement.
 */
export interface EducationProjections {
  registryEntry(uscc: string): Promise<RegistryEntry | null>;
  insertInstitution(row: { uscc: string; name: string; regionCode: string; regionName: string; kind: string; registeredOn: string; asOf: string }): Promise<void>;
  insertFiling(row: { uscc: string; filingNo: string; nonProfit: boolean; filedOn: string; asOf: string }): Promise<void>;
  /** A new application after a rejection: the name and kind as now applied for. */
  updateInstitution(row: { uscc: string; name: string; kind: string; asOf: string }): Promise<void>;
  /** The new application's filing: a new number, no permit. */
  refile(row: { uscc: string; filingNo: string; nonProfit: boolean; filedOn: string; asOf: string }): Promise<void>;
  setPermit(row: { uscc: string; permitNo: string | null; validFrom: string | null; validTo: string | null; asOf: string }): Promise<void>;
  setListStatus(uscc: string, listStatus: 'WHITE' | 'GREY' | 'BLACK' | null, asOf: string): Promise<void>;
  upsertComplaint(row: { id: string; uscc: string; category: string; status: string; receivedOn: string; resolvedOn: string | null; summary: string; asOf: string }): Promise<void>;
  upsertInspection(row: { id: string; uscc: string; inspectedOn: string; kind: string; result: string; findings: string; asOf: string }): Promise<void>;
  upsertNotification(row: { id: string; uscc: string; kind: string; documentNo: string; title: string; issuedOn: string; asOf: string }): Promise<void>;
  deleteNotification(id: string): Promise<void>;
  /** The 双随机 object register: institutions in the region whose regulatory status is in `states`, in USCC order. */
  drawRegister(regionPrefix: string, states: readonly string[]): Promise<{ uscc: string; regionCode: string }[]>;
  /** How many filings a region has, to number the next one. */
  filingCount(regionCode: string): Promise<number>;
}

export function openEducationProjections(db: SqliteDatabase): EducationProjections {
  const s = {
    registry: db.prepare('SELECT uscc, name, region_code AS regionCode, region_name AS regionName FROM institutions WHERE uscc = ?'),
    institution: db.prepare(
      'INSERT INTO institutions (uscc, name, region_code, region_name, kind, registered_on, as_of) VALUES (@uscc, @name, @regionCode, @regionName, @kind, @registeredOn, @asOf)',
    ),
    filing: db.prepare(
      `INSERT INTO filings (uscc, filing_no, list_status, permit_no, permit_valid_from, permit_valid_to, non_profit, filed_on, as_of)
       VALUES (@uscc, @filingNo, NULL, NULL, NULL, NULL, @nonProfit, @filedOn, @asOf)`,
    ),
    updateInstitution: db.prepare('UPDATE institutions SET name = @name, kind = @kind, as_of = @asOf WHERE uscc = @uscc'),
    refile: db.prepare(
      `UPDATE filings SET filing_no = @filingNo, non_profit = @nonProfit, filed_on = @filedOn, permit_no = NULL, permit_valid_from = NULL,
         permit_valid_to = NULL, as_of = @asOf WHERE uscc = @uscc`,
    ),
    permit: db.prepare('UPDATE filings SET permit_no = @permitNo, permit_valid_from = @validFrom, permit_valid_to = @validTo, as_of = @asOf WHERE uscc = @uscc'),
    listStatus: db.prepare('UPDATE filings SET list_status = ?, as_of = ? WHERE uscc = ?'),
    complaint: db.prepare(
      `INSERT INTO complaints (id, uscc, category, status, received_on, resolved_on, summary, as_of)
       VALUES (@id, @uscc, @category, @status, @receivedOn, @resolvedOn, @summary, @asOf)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, resolved_on = excluded.resolved_on, as_of = excluded.as_of`,
    ),
    inspection: db.prepare(
      `INSERT INTO inspections (id, uscc, inspected_on, kind, result, findings, as_of)
       VALUES (@id, @uscc, @inspectedOn, @kind, @result, @findings, @asOf)
       ON CONFLICT (id) DO UPDATE SET inspected_on = excluded.inspected_on, result = excluded.result, findings = excluded.findings, as_of = excluded.as_of`,
    ),
    notification: db.prepare(
      `INSERT INTO notifications (id, uscc, kind, document_no, title, issued_on, as_of)
       VALUES (@id, @uscc, @kind, @documentNo, @title, @issuedOn, @asOf)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, document_no = excluded.document_no, title = excluded.title, as_of = excluded.as_of`,
    ),
    deleteNotification: db.prepare('DELETE FROM notifications WHERE id = ?'),
    drawRegister: db.prepare(
      `SELECT uscc, region_code AS regionCode FROM state_records WHERE kind = 'regulatory-status' AND state IN (SELECT value FROM json_each(?))
         AND (? = '' OR region_code LIKE ? || '%') ORDER BY uscc`,
    ),
    filingCount: db.prepare('SELECT count(*) AS n FROM filings f JOIN institutions i ON i.uscc = f.uscc WHERE i.region_code = ?'),
  };
  return {
    registryEntry: async (uscc) => (s.registry.get(uscc) as RegistryEntry | undefined) ?? null,
    insertInstitution: async (row) => void s.institution.run(row),
    insertFiling: async (row) => void s.filing.run({ ...row, nonProfit: row.nonProfit ? 1 : 0 }),
    updateInstitution: async ({ uscc, name, kind, asOf }) => void s.updateInstitution.run({ uscc, name, kind, asOf }),
    refile: async (row) => void s.refile.run({ ...row, nonProfit: row.nonProfit ? 1 : 0 }),
    setPermit: async (row) => void s.permit.run(row),
    setListStatus: async (uscc, listStatus, asOf) => void s.listStatus.run(listStatus, asOf, uscc),
    upsertComplaint: async (row) => void s.complaint.run(row),
    upsertInspection: async (row) => void s.inspection.run(row),
    upsertNotification: async (row) => void s.notification.run(row),
    deleteNotification: async (id) => void s.deleteNotification.run(id),
    drawRegister: async (prefix, states) => s.drawRegister.all(JSON.stringify(states), prefix, prefix) as { uscc: string; regionCode: string }[],
    filingCount: async (regionCode) => (s.filingCount.get(regionCode) as { n: number }).n,
  };
}
