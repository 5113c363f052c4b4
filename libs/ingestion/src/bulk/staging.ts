import type { PoolClient } from 'pg';

/**
 * Per-connection temporary staging tables: rows are COPYed here, checked in one set-based query,
 * then upserted in one `INSERT … ON CONFLICT`. Temporary tables are not WAL-logged.
 */
const STAGING_DDL = [
  `CREATE TEMP TABLE IF NOT EXISTS stage_enterprises (
     row_no int NOT NULL, uscc char(18) COLLATE "C" NOT NULL, name text NOT NULL, region_code char(6) NOT NULL,
     industry_code varchar(5) NOT NULL, established_on date NOT NULL, registered_capital numeric(20,2),
     size varchar(8), tags text[] NOT NULL, is_platform boolean NOT NULL, platform_monthly_users bigint,
     platform_valuation numeric(20,2), new_business_form boolean NOT NULL)`,
  `CREATE TEMP TABLE IF NOT EXISTS stage_credit (
     row_no int NOT NULL, uscc char(18) COLLATE "C" NOT NULL, type varchar(40) NOT NULL, severity varchar(16),
     occurred_on date NOT NULL, publicity_until date, source varchar(64) COLLATE "C" NOT NULL,
     source_record_id varchar(128) COLLATE "C" NOT NULL, repaired_at timestamptz, payload jsonb NOT NULL)`,
  `CREATE TEMP TABLE IF NOT EXISTS stage_risk (
     row_no int NOT NULL, uscc char(18) COLLATE "C" NOT NULL, type varchar(40) NOT NULL, severity varchar(8) NOT NULL,
     occurred_at timestamptz NOT NULL, source varchar(64) COLLATE "C" NOT NULL, source_record_id varchar(128) COLLATE "C" NOT NULL,
     payload jsonb NOT NULL)`,
];

/**
 * Run before every use, not once per connection: a rolled-back transaction also rolls back the
 * creation of the temporary tables, and the pooled connection lives on. `IF NOT EXISTS` is cheap.
 */
export async function ensureStaging(client: PoolClient): Promise<void> {
  for (const ddl of STAGING_DDL) await client.query(ddl);
}
