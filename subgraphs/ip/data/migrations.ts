import type { Migration } from '../../shared/database';

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'patents, trademarks, software copyrights, pledges, IP credit records, enforcement decisions',
    sql: `
      CREATE TABLE patents (
        application_no TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        patent_type TEXT NOT NULL CHECK (patent_type IN ('INVENTION', 'UTILITY_MODEL', 'DESIGN')),
        title TEXT NOT NULL,
        classification TEXT NOT NULL,
        inventors TEXT NOT NULL,
        filed_on TEXT NOT NULL,
        published_on TEXT,
        granted_on TEXT,
        term_ends_on TEXT,
        legal_status TEXT NOT NULL CHECK (legal_status IN ('PENDING', 'GRANTED', 'LAPSED', 'INVALIDATED')),
        as_of TEXT NOT NULL
      );
      CREATE INDEX patents_uscc ON patents (uscc, filed_on);
      CREATE TABLE trademarks (
        registration_no TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        mark_text TEXT NOT NULL,
        nice_class INTEGER NOT NULL CHECK (nice_class BETWEEN 1 AND 45),
        goods TEXT NOT NULL,
        applied_on TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('PENDING', 'REGISTERED', 'EXPIRED', 'CANCELLED')),
        valid_from TEXT,
        valid_to TEXT,
        as_of TEXT NOT NULL
      );
      CREATE INDEX trademarks_uscc ON trademarks (uscc, applied_on);
      CREATE TABLE software_copyrights (
        registration_no TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        software_name TEXT NOT NULL,
        short_name TEXT,
        version TEXT NOT NULL,
        completed_on TEXT NOT NULL,
        first_published_on TEXT,
        registered_on TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('REGISTERED', 'REVOKED')),
        as_of TEXT NOT NULL
      );
      CREATE INDEX software_copyrights_uscc ON software_copyrights (uscc, registered_on);
      CREATE TABLE ip_pledges (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        right_kind TEXT NOT NULL CHECK (right_kind IN ('PATENT', 'TRADEMARK')),
        right_no TEXT NOT NULL,
        right_title TEXT NOT NULL,
        pledgee TEXT NOT NULL,
        amount_cny REAL NOT NULL,
        registered_on TEXT NOT NULL,
        ended_on TEXT,
        status TEXT NOT NULL CHECK (status IN ('EFFECTIVE', 'RELEASED', 'ENFORCED')),
        as_of TEXT NOT NULL
      );
      CREATE INDEX ip_pledges_uscc ON ip_pledges (uscc);
      CREATE TABLE ip_credit_records (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        behavior TEXT NOT NULL,
        description TEXT NOT NULL,
        authority TEXT NOT NULL,
        document_no TEXT NOT NULL,
        decided_on TEXT NOT NULL,
        measures TEXT NOT NULL,
        publicity_status TEXT NOT NULL CHECK (publicity_status IN ('ACTIVE', 'EXPIRED', 'WITHDRAWN_AFTER_REPAIR', 'REVOKED')),
        publicity_start TEXT NOT NULL,
        publicity_end TEXT,
        as_of TEXT NOT NULL
      );
      CREATE INDEX ip_credit_records_uscc ON ip_credit_records (uscc);
      CREATE TABLE ip_enforcement_decisions (
        id TEXT PRIMARY KEY,
        uscc TEXT NOT NULL,
        document_no TEXT NOT NULL,
        case_kind TEXT NOT NULL,
        authority TEXT NOT NULL,
        decided_on TEXT NOT NULL,
        facts TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('FINED', 'CEASE_ORDERED', 'GOODS_CONFISCATED')),
        fine_cny REAL,
        confiscated_cny REAL,
        publicity_status TEXT NOT NULL CHECK (publicity_status IN ('ACTIVE', 'EXPIRED', 'WITHDRAWN_AFTER_REPAIR', 'REVOKED')),
        publicity_start TEXT NOT NULL,
        publicity_end TEXT,
        as_of TEXT NOT NULL
      );
      CREATE INDEX ip_enforcement_decisions_uscc ON ip_enforcement_decisions (uscc);
    `,
  },
];
