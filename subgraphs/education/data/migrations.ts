import { commandTablesMigration } from '../../shared/commands/sqlite-command-store';
import type { Migration } from '../../shared/database';

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'registry, filing, systems, courses, trainers, fees, complaints, inspections, notifications',
    sql: `
      CREATE TABLE institutions (
        uscc TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        region_code TEXT NOT NULL,
        region_name TEXT NOT NULL,
        kind TEXT NOT NULL,
        registered_on TEXT NOT NULL,
        as_of TEXT NOT NULL
      );
      CREATE INDEX institutions_region ON institutions (region_code);
      CREATE TABLE filings (
        uscc TEXT PRIMARY KEY REFERENCES institutions (uscc),
        filing_no TEXT NOT NULL,
        list_status TEXT NOT NULL CHECK (list_status IN ('WHITE', 'GREY', 'BLACK')),
        permit_no TEXT,
        permit_valid_from TEXT,
        permit_valid_to TEXT,
        non_profit INTEGER NOT NULL,
        filed_on TEXT NOT NULL,
        as_of TEXT NOT NULL
      );
      CREATE INDEX filings_status ON filings (list_status);
      CREATE TABLE business_systems (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL REFERENCES institutions (uscc),
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        url TEXT NOT NULL,
        icp_filing_no TEXT NOT NULL,
        telecom_licence_no TEXT,
        security_level INTEGER NOT NULL,
        security_filing_no TEXT,
        as_of TEXT NOT NULL
      );
      CREATE INDEX business_systems_uscc ON business_systems (uscc);
      CREATE TABLE courses (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL REFERENCES institutions (uscc),
        title TEXT NOT NULL,
        subject TEXT NOT NULL,
        grade_band TEXT NOT NULL,
        price_cny REAL NOT NULL,
        lessons INTEGER NOT NULL,
        review_status TEXT NOT NULL,
        as_of TEXT NOT NULL
      );
      CREATE INDEX courses_uscc ON courses (uscc);
      CREATE TABLE trainers (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL REFERENCES institutions (uscc),
        display_name TEXT NOT NULL,
        certificate_no TEXT,
        subjects TEXT NOT NULL,
        id_hash TEXT NOT NULL,
        as_of TEXT NOT NULL
      );
      CREATE INDEX trainers_uscc ON trainers (uscc);
      CREATE TABLE fee_rules (
        uscc TEXT PRIMARY KEY REFERENCES institutions (uscc),
        charging_mode TEXT NOT NULL,
        max_lessons_per_charge INTEGER NOT NULL,
        max_months_per_charge INTEGER NOT NULL,
        refund_policy TEXT NOT NULL,
        as_of TEXT NOT NULL
      );
      CREATE TABLE complaints (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL REFERENCES institutions (uscc),
        category TEXT NOT NULL,
        status TEXT NOT NULL,
        received_on TEXT NOT NULL,
        resolved_on TEXT,
        summary TEXT NOT NULL,
        as_of TEXT NOT NULL
      );
      CREATE INDEX complaints_uscc ON complaints (uscc);
      CREATE TABLE inspections (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL REFERENCES institutions (uscc),
        inspected_on TEXT NOT NULL,
        kind TEXT NOT NULL,
        result TEXT NOT NULL,
        findings TEXT NOT NULL,
        as_of TEXT NOT NULL
      );
      CREATE INDEX inspections_uscc ON inspections (uscc);
      CREATE TABLE notifications (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL REFERENCES institutions (uscc),
        kind TEXT NOT NULL,
        document_no TEXT NOT NULL,
        title TEXT NOT NULL,
        issued_on TEXT NOT NULL,
        as_of TEXT NOT NULL
      );
      CREATE INDEX notifications_uscc ON notifications (uscc);
    `,
  },
  commandTablesMigration(2),
  {
    version: 3,
    name: 'filing list status becomes the projection of machine B (null while on no list); complaints carry their machine state',
    sql: `
      CREATE TABLE filings_v3 (
        uscc TEXT PRIMARY KEY REFERENCES institutions (uscc),
        filing_no TEXT NOT NULL,
        list_status TEXT CHECK (list_status IS NULL OR list_status IN ('WHITE', 'GREY', 'BLACK')),
        permit_no TEXT,
        permit_valid_from TEXT,
        permit_valid_to TEXT,
        non_profit INTEGER NOT NULL,
        filed_on TEXT NOT NULL,
        as_of TEXT NOT NULL
      );
      INSERT INTO filings_v3 SELECT uscc, filing_no, list_status, permit_no, permit_valid_from, permit_valid_to, non_profit, filed_on, as_of FROM filings;
      DROP TABLE filings;
      ALTER TABLE filings_v3 RENAME TO filings;
      CREATE INDEX filings_status ON filings (list_status);
    `,
  },
  {
    version: 4,
    name: 'risk alerts (machine H) are listed by region and time raised',
    sql: `CREATE INDEX state_records_created ON state_records (kind, created_at, id);`,
  },
];
