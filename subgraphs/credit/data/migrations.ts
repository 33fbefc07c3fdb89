import type { Migration } from '../../shared/database';

/** Every credit table carries the publicity life of its records. */
const PUBLICITY_COLUMNS = `
        publicity_status TEXT NOT NULL CHECK (publicity_status IN ('ACTIVE', 'EXPIRED', 'WITHDRAWN_AFTER_REPAIR', 'REVOKED')),
        publicity_start TEXT NOT NULL,
        publicity_end TEXT,
        as_of TEXT NOT NULL`;

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'double-publicity licences and penalties, dishonesty and incentive lists, judgment defaulters, commitments, repairs',
    sql: `
      CREATE TABLE licences (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        decision_doc_name TEXT NOT NULL,
        decision_doc_no TEXT NOT NULL,
        item_name TEXT NOT NULL,
        category TEXT NOT NULL,
        licence_no TEXT NOT NULL,
        content TEXT NOT NULL,
        legal_basis TEXT NOT NULL,
        authority_name TEXT NOT NULL,
        authority_uscc TEXT NOT NULL,
        decided_on TEXT NOT NULL,
        valid_from TEXT NOT NULL,
        valid_until TEXT,
        data_source_name TEXT NOT NULL,
        data_source_uscc TEXT NOT NULL,${PUBLICITY_COLUMNS}
      );
      CREATE INDEX licences_uscc ON licences (uscc);
      CREATE TABLE penalties (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        decision_doc_no TEXT NOT NULL,
        violation_type TEXT NOT NULL,
        facts TEXT NOT NULL,
        legal_basis TEXT NOT NULL,
        categories TEXT NOT NULL,
        content TEXT NOT NULL,
        fine_cny REAL NOT NULL,
        confiscation_cny REAL NOT NULL,
        licence_affected TEXT,
        authority_name TEXT NOT NULL,
        authority_uscc TEXT NOT NULL,
        decided_on TEXT NOT NULL,
        valid_until TEXT,
        repair_eligible_from TEXT NOT NULL,
        legal_rep_name TEXT NOT NULL,
        legal_rep_id_hash TEXT NOT NULL,
        data_source_name TEXT NOT NULL,
        data_source_uscc TEXT NOT NULL,${PUBLICITY_COLUMNS}
      );
      CREATE INDEX penalties_uscc ON penalties (uscc);
      CREATE TABLE dishonesty_listings (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        decision_doc_no TEXT NOT NULL,
        list_name TEXT NOT NULL,
        reason TEXT NOT NULL,
        legal_basis TEXT NOT NULL,
        listing_authority_name TEXT NOT NULL,
        listing_authority_uscc TEXT NOT NULL,
        listed_on TEXT NOT NULL,
        planned_removal_on TEXT,
        removed_on TEXT,
        measures TEXT NOT NULL,${PUBLICITY_COLUMNS}
      );
      CREATE INDEX dishonesty_listings_uscc ON dishonesty_listings (uscc);
      CREATE TABLE incentive_listings (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        list_name TEXT NOT NULL,
        legal_basis TEXT NOT NULL,
        listing_authority_name TEXT NOT NULL,
        listing_authority_uscc TEXT NOT NULL,
        listed_on TEXT NOT NULL,
        valid_until TEXT,
        incentives TEXT NOT NULL,${PUBLICITY_COLUMNS}
      );
      CREATE INDEX incentive_listings_uscc ON incentive_listings (uscc);
      CREATE TABLE judgment_defaulters (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        court TEXT NOT NULL,
        case_no TEXT NOT NULL,
        filed_on TEXT NOT NULL,
        enforcement_basis_doc_no TEXT NOT NULL,
        enforcement_basis_issuer TEXT NOT NULL,
        obligation TEXT NOT NULL,
        obligation_amount_cny REAL NOT NULL,
        performed_amount_cny REAL NOT NULL,
        performance_status TEXT NOT NULL CHECK (performance_status IN ('NOT_PERFORMED', 'PARTIALLY_PERFORMED', 'PERFORMED')),
        dishonest_behaviour TEXT NOT NULL,
        published_on TEXT NOT NULL,
        legal_rep_name TEXT NOT NULL,
        legal_rep_id_hash TEXT NOT NULL,${PUBLICITY_COLUMNS}
      );
      CREATE INDEX judgment_defaulters_uscc ON judgment_defaulters (uscc);
      CREATE TABLE commitments (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        kind TEXT NOT NULL,
        matter TEXT NOT NULL,
        content TEXT NOT NULL,
        accepting_authority_name TEXT NOT NULL,
        accepting_authority_uscc TEXT NOT NULL,
        committed_on TEXT NOT NULL,
        fulfilment TEXT NOT NULL CHECK (fulfilment IN ('IN_EFFECT', 'FULFILLED', 'BREACHED')),
        verified_on TEXT,${PUBLICITY_COLUMNS}
      );
      CREATE INDEX commitments_uscc ON commitments (uscc);
      CREATE TABLE repairs (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        repaired_record_id TEXT NOT NULL,
        repaired_record_kind TEXT NOT NULL,
        repaired_doc_no TEXT NOT NULL,
        applied_on TEXT NOT NULL,
        decided_on TEXT NOT NULL,
        repaired_on TEXT,
        authority_name TEXT NOT NULL,
        authority_uscc TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('APPROVED', 'REJECTED')),
        remarks TEXT NOT NULL,${PUBLICITY_COLUMNS}
      );
      CREATE INDEX repairs_uscc ON repairs (uscc);
    `,
  },
  {
    version: 2,
    name: 'natural persons on the staff black list or the judgment-defaulter list, by keyed ID hash',
    sql: `
      CREATE TABLE person_credit_entries (
        id TEXT PRIMARY KEY,
        id_hash TEXT NOT NULL,
        list TEXT NOT NULL CHECK (list IN ('STAFF_BLACK', 'JUDGMENT_DEFAULTER')),
        listing_authority TEXT NOT NULL,
        legal_basis TEXT NOT NULL,
        listed_on TEXT NOT NULL,
        removed_on TEXT,
        as_of TEXT NOT NULL
      );
      CREATE INDEX person_credit_entries_hash ON person_credit_entries (id_hash);
    `,
  },
];
