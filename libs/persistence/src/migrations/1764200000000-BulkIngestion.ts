import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk-ingestion speed without losing history:
 * - A correction of a credit or risk record copies the previous version into `record_revisions`
 *   (a trigger, so inserts pay nothing); the ingestion batch moves it into the audit log in the
 *   same transaction.
 * - The foreign keys from records to enterprises go: the ingestion path checks every row's
 *   enterprise in one set-based query and rejects it by row, enterprises are never deleted, and the
 *   per-row foreign-key trigger cost a third of the upsert.
 * - Identifier columns (codes, types, sources, source ids) compare bytewise (COLLATE "C"): they are
 *   codes, not words, and locale-aware comparison made each index insertion several times dearer.
 */
const RECORD_KEYS: [string, string][] = [
  ['uscc', 'char(18)'],
  ['type', 'varchar(40)'],
  ['source', 'varchar(64)'],
  ['source_record_id', 'varchar(128)'],
];
const COLLATED: [string, [string, string][]][] = [
  [
    'enterprises',
    [
      ['uscc', 'char(18)'],
      ['region_code', 'char(6)'],
      ['industry_code', 'varchar(5)'],
    ],
  ],
  ['credit_records', RECORD_KEYS],
  ['risk_records', RECORD_KEYS],
  [
    'investment_events',
    [
      ['uscc', 'char(18)'],
      ['source', 'varchar(64)'],
      ['source_record_id', 'varchar(128)'],
    ],
  ],
  ['assessments', [['uscc', 'char(18)']]],
];

export class BulkIngestion1764200000000 implements MigrationInterface {
  name = 'BulkIngestion1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE record_revisions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        table_name varchar(32) NOT NULL,
        record_id bigint NOT NULL,
        before jsonb NOT NULL,
        after jsonb NOT NULL,
        txid bigint NOT NULL DEFAULT txid_current(),
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_record_revisions_txid ON record_revisions (txid)`);
    await q.query(`
      CREATE FUNCTION tierwatch_record_revision() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO record_revisions (table_name, record_id, before, after)
        VALUES (TG_TABLE_NAME, OLD.id,
                to_jsonb(OLD) - 'received_at' - 'updated_at',
                to_jsonb(NEW) - 'received_at' - 'updated_at');
        RETURN NEW;
      END $$`);
    for (const table of ['credit_records', 'risk_records']) {
      await q.query(`
        CREATE TRIGGER ${table}_revision AFTER UPDATE ON ${table}
        FOR EACH ROW WHEN ((to_jsonb(OLD) - 'updated_at') IS DISTINCT FROM (to_jsonb(NEW) - 'updated_at'))
        EXECUTE FUNCTION tierwatch_record_revision()`);
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_uscc_fkey`);
    }
    for (const [table, columns] of COLLATED) {
      await q.query(
        `ALTER TABLE ${table} ${columns.map(([c, type]) => `ALTER COLUMN ${c} TYPE ${type} COLLATE "C"`).join(', ')}`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, columns] of COLLATED) {
      await q.query(
        `ALTER TABLE ${table} ${columns.map(([c, type]) => `ALTER COLUMN ${c} TYPE ${type} COLLATE "default"`).join(', ')}`,
      );
    }
    for (const table of ['credit_records', 'risk_records']) {
      await q.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_uscc_fkey FOREIGN KEY (uscc) REFERENCES enterprises (uscc)`,
      );
      await q.query(`DROP TRIGGER ${table}_revision ON ${table}`);
    }
    await q.query(`DROP FUNCTION tierwatch_record_revision()`);
    await q.query(`DROP TABLE record_revisions`);
  }
}
