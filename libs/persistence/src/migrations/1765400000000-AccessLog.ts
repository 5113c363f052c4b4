import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who read which enterprise's data, and when: one row per privileged read (a regulator's, an
 * admin's, anyone's but the enterprise's own), written before the response leaves. Append-only
 * like the audit log: the same trigger function refuses UPDATE, DELETE and TRUNCATE.
 */
export class AccessLog1765400000000 implements MigrationInterface {
  name = 'AccessLog1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        subject varchar(128) NOT NULL,
        roles text[] NOT NULL,
        method varchar(8) NOT NULL,
        route varchar(256) NOT NULL,
        path varchar(2048) NOT NULL,
        resource varchar(32) NOT NULL,
        uscc varchar(18),
        status smallint NOT NULL CHECK (status BETWEEN 100 AND 599),
        correlation_id varchar(64)
      )`);
    await q.query(`CREATE INDEX ix_access_log_at ON access_log (at)`);
    await q.query(`CREATE INDEX ix_access_log_uscc_at ON access_log (uscc, at) WHERE uscc IS NOT NULL`);
    await q.query(`CREATE INDEX ix_access_log_subject_at ON access_log (subject, at)`);
    await q.query(`
      CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
      FOR EACH ROW EXECUTE FUNCTION tierwatch_refuse_change()`);
    await q.query(`
      CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
      FOR EACH STATEMENT EXECUTE FUNCTION tierwatch_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE access_log`);
  }
}
