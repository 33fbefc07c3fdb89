import { commandTablesMigration } from '../../shared/commands/sqlite-command-store';
import type { Migration } from '../../shared/database';

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'registrations, licences, penalties, abnormal-operation and serious-violation listings, spot checks, annual reports',
    sql: `
      CREATE TABLE registrations (
        uscc TEXT PRIMARY KEY,
        registration_no TEXT UNIQUE CHECK (registration_no IS NULL OR length(registration_no) = 15),
        legal_name TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        legal_rep_name TEXT NOT NULL,
        legal_rep_id_hash TEXT NOT NULL,
        registered_capital_cny REAL NOT NULL,
        established_on TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('OPERATING', 'REVOKED', 'CANCELLED')),
        address TEXT NOT NULL,
        business_scope TEXT NOT NULL,
        registration_authority TEXT NOT NULL,
        as_of TEXT NOT NULL
      );
      CREATE TABLE licences (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        licence_name TEXT NOT NULL,
        licence_no TEXT NOT NULL,
        issuing_authority TEXT NOT NULL,
        valid_from TEXT NOT NULL,
        valid_to TEXT,
        as_of TEXT NOT NULL
      );
      CREATE INDEX licences_uscc ON licences (uscc);
      CREATE TABLE penalties (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        decision_doc_no TEXT NOT NULL,
        violation_type TEXT NOT NULL,
        facts TEXT NOT NULL,
        legal_basis TEXT NOT NULL,
        penalty_content TEXT NOT NULL,
        fine_cny REAL,
        decided_on TEXT NOT NULL,
        deciding_authority TEXT NOT NULL,
        publicity_status TEXT NOT NULL CHECK (publicity_status IN ('ACTIVE', 'EXPIRED', 'WITHDRAWN_AFTER_REPAIR', 'REVOKED')),
        publicity_start TEXT NOT NULL,
        publicity_end TEXT,
        as_of TEXT NOT NULL
      );
      CREATE INDEX penalties_uscc ON penalties (uscc);
      CREATE TABLE abnormal_operation_listings (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        reason TEXT NOT NULL
          CHECK (reason IN ('NO_ANNUAL_REPORT', 'INFORMATION_NOT_PUBLISHED', 'FALSE_INFORMATION', 'UNREACHABLE_AT_ADDRESS')),
        listed_on TEXT NOT NULL,
        listing_authority TEXT NOT NULL,
        removed_on TEXT,
        removal_reason TEXT,
        publicity_status TEXT NOT NULL CHECK (publicity_status IN ('ACTIVE', 'EXPIRED', 'WITHDRAWN_AFTER_REPAIR', 'REVOKED')),
        publicity_start TEXT NOT NULL,
        publicity_end TEXT,
        as_of TEXT NOT NULL
      );
      CREATE INDEX abnormal_operation_listings_uscc ON abnormal_operation_listings (uscc);
      CREATE TABLE serious_violation_listings (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        reason TEXT NOT NULL,
        listed_on TEXT NOT NULL,
        listing_authority TEXT NOT NULL,
        publicity_status TEXT NOT NULL CHECK (publicity_status IN ('ACTIVE', 'EXPIRED', 'WITHDRAWN_AFTER_REPAIR', 'REVOKED')),
        publicity_start TEXT NOT NULL,
        publicity_end TEXT,
        as_of TEXT NOT NULL
      );
      CREATE INDEX serious_violation_listings_uscc ON serious_violation_listings (uscc);
      CREATE TABLE spot_checks (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        checked_on TEXT NOT NULL,
        authority TEXT NOT NULL,
        task_name TEXT NOT NULL,
        result TEXT NOT NULL CHECK (result IN ('NO_PROBLEM_FOUND', 'PROBLEM_CORRECTED', 'INFORMATION_NOT_PUBLISHED',
                                               'FALSE_INFORMATION', 'UNREACHABLE_AT_ADDRESS', 'ACTIVITY_NOT_FOUND')),
        as_of TEXT NOT NULL
      );
      CREATE INDEX spot_checks_uscc ON spot_checks (uscc);
      CREATE TABLE annual_reports (
        uscc TEXT NOT NULL,
        year INTEGER NOT NULL,
        submitted_on TEXT NOT NULL,
        employees INTEGER,
        revenue_cny REAL,
        total_assets_cny REAL,
        net_profit_cny REAL,
        tax_paid_cny REAL,
        financials_public INTEGER NOT NULL CHECK (financials_public IN (0, 1)),
        as_of TEXT NOT NULL,
        PRIMARY KEY (uscc, year)
      ) WITHOUT ROWID;
    `,
  },
  commandTablesMigration(2),
  {
    version: 3,
    name: 'penalties carry their tier; a MINOR decision may be NOT_PUBLISHED',
    sql: `
      CREATE TABLE penalties_v3 (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        decision_doc_no TEXT NOT NULL,
        violation_type TEXT NOT NULL,
        facts TEXT NOT NULL,
        legal_basis TEXT NOT NULL,
        penalty_content TEXT NOT NULL,
        fine_cny REAL,
        decided_on TEXT NOT NULL,
        deciding_authority TEXT NOT NULL,
        publicity_status TEXT NOT NULL CHECK (publicity_status IN ('ACTIVE', 'EXPIRED', 'WITHDRAWN_AFTER_REPAIR', 'REVOKED', 'NOT_PUBLISHED')),
        publicity_start TEXT NOT NULL,
        publicity_end TEXT,
        as_of TEXT NOT NULL,
        tier TEXT CHECK (tier IS NULL OR tier IN ('MINOR', 'GENERAL', 'SERIOUS'))
      );
      INSERT INTO penalties_v3 SELECT *, NULL FROM penalties;
      DROP TABLE penalties;
      ALTER TABLE penalties_v3 RENAME TO penalties;
      CREATE INDEX penalties_uscc ON penalties (uscc);
    `,
  },
];
