import { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS = ['facts', 'fired', 'overrides'] as const;

/**
 * An assessment's facts, fired rules and overrides are kept as the exact JSON text tierwatch wrote
 * (`json`), not re-encoded (`jsonb`):
 * - the stored facts are then byte for byte the canonical JSON the input digest was taken of, so
 *   anyone can check `encode(sha256(convert_to(facts::text, 'UTF8')), 'hex') = input_digest`;
 * - they are written once and read whole, never searched by key, so jsonb's parsing into a tree at
 *   every insert (a re-tier run writes a million) buys nothing.
 * Existing rows keep their content (converted as jsonb prints it).
 */
export class AssessmentDocumentsAsJson1765100000000 implements MigrationInterface {
  name = 'AssessmentDocumentsAsJson1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await this.retype(q, 'json');
  }

  async down(q: QueryRunner): Promise<void> {
    await this.retype(q, 'jsonb');
  }

  private async retype(q: QueryRunner, type: 'json' | 'jsonb'): Promise<void> {
    // Defaults first: a default of the old type would not convert on its own.
    for (const c of COLUMNS)
      if (c !== 'facts') await q.query(`ALTER TABLE assessments ALTER ${c} DROP DEFAULT`);
    await q.query(
      `ALTER TABLE assessments ${COLUMNS.map((c) => `ALTER ${c} TYPE ${type} USING ${c}::${type}`).join(', ')}`,
    );
    for (const c of COLUMNS)
      if (c !== 'facts') await q.query(`ALTER TABLE assessments ALTER ${c} SET DEFAULT '[]'::${type}`);
  }
}
