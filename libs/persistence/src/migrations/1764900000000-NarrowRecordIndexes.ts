import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records are looked up by enterprise only: fact derivation reads all of a batch's enterprises'
 * records (`WHERE uscc = ANY($1)`, every column, so never an index-only scan), nothing filters or
 * orders by type and date through an index. `(uscc)` serves that exactly as well as
 * `(uscc, type, occurred_on|occurred_at)` and is about half as wide, which makes every record insert
 * (bulk ingestion COPYs millions) cheaper. Self-contained: it touches only these two indexes.
 */
const TABLES: [table: string, oldIndex: string, oldColumns: string, newIndex: string][] = [
  ['credit_records', 'ix_credit_records_uscc_type', 'uscc, type, occurred_on', 'ix_credit_records_uscc'],
  ['risk_records', 'ix_risk_records_uscc_type', 'uscc, type, occurred_at', 'ix_risk_records_uscc'],
];

export class NarrowRecordIndexes1764900000000 implements MigrationInterface {
  name = 'NarrowRecordIndexes1764900000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, oldIndex, , newIndex] of TABLES) {
      await q.query(`CREATE INDEX ${newIndex} ON ${table} (uscc)`);
      await q.query(`DROP INDEX ${oldIndex}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, oldIndex, oldColumns, newIndex] of TABLES) {
      await q.query(`CREATE INDEX ${oldIndex} ON ${table} (${oldColumns})`);
      await q.query(`DROP INDEX ${newIndex}`);
    }
  }
}
