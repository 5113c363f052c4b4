import { AppConfig } from '@app/config';
import { dataSourceOptions, MIGRATIONS, migrateWithLock, revertAll } from '@app/persistence';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ADMIN_DATABASE_URL, databaseUrl } from '../../support/services';

const CORE_TABLES = [
  'access_log',
  'api_keys',
  'assessment_confirmations',
  'assessment_run_chunks',
  'assessment_runs',
  'assessments',
  'audit_log',
  'credit_record_repairs',
  'credit_records',
  'enforcement_measures',
  'enterprises',
  'import_chunks',
  'import_rejects',
  'imports',
  'inspection_plans',
  'inspection_tasks',
  'inspection_verifications',
  'inspectors',
  'investment_events',
  'investment_lights',
  'investment_warnings',
  'observation_periods',
  'outbox',
  'ownership_links',
  'platform_compliance_grades',
  'reassessment_marks',
  'record_revisions',
  'repair_applications',
  'risk_records',
  'rule_set_versions',
  'run_assessments',
  'sandbox_enrolments',
  'simulation_changes',
  'simulation_chunks',
  'simulations',
  'tier_summary',
  'tiering_due',
];

describe('migrations on an empty database', () => {
  const name = `tw_t_mig_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  const sources: DataSource[] = [];
  const open = async () => {
    const config = AppConfig.load({ DATABASE_URL: databaseUrl(name) });
    const ds = await new DataSource({ ...dataSourceOptions(config), logging: false }).initialize();
    sources.push(ds);
    return ds;
  };
  const tables = async (ds: DataSource): Promise<string[]> =>
    (
      await ds.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
      )
    ).map((r: { table_name: string }) => r.table_name);

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  });
  afterAll(async () => {
    await Promise.all(sources.map((s) => s.destroy()));
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('goes up, down and up again, and concurrent starts apply each migration once', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    // api and worker starting at the same instant: the advisory lock makes one wait.
    const [appliedA, appliedB] = await Promise.all([migrateWithLock(a), migrateWithLock(b)]);
    expect(appliedA.length + appliedB.length).toBe(MIGRATIONS.length);
    expect(await tables(a)).toEqual(CORE_TABLES);

    expect(await revertAll(a)).toBe(MIGRATIONS.length);
    expect(await tables(a)).toEqual([]);
    expect(
      (await a.query(`SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'tierwatch_refuse_change'`))[0]
        .n,
    ).toBe(0);

    expect((await migrateWithLock(a)).length).toBe(MIGRATIONS.length);
    expect(await tables(a)).toEqual(CORE_TABLES);
    expect(await migrateWithLock(b)).toEqual([]);
    // Records are looked up by enterprise only: one index each on the code, carrying the columns the
    // fact query reads (an index-only scan), not (uscc, type, date).
    const recordIndexes = await a.query(
      `SELECT tablename, indexdef FROM pg_indexes
        WHERE tablename IN ('credit_records', 'risk_records') AND indexname NOT LIKE '%pkey' ORDER BY 1, 2`,
    );
    expect(
      recordIndexes.map((r: { indexdef: string }) => r.indexdef.replace(/ USING btree|public\./g, '')),
    ).toEqual([
      'CREATE INDEX credit_records_facts ON credit_records (uscc) INCLUDE (id, type, severity, occurred_on, repaired_at, received_at, payload)',
      'CREATE UNIQUE INDEX uq_credit_records_source ON credit_records (source, source_record_id)',
      'CREATE INDEX risk_records_facts ON risk_records (uscc) INCLUDE (id, type, severity, occurred_at, received_at, payload)',
      'CREATE UNIQUE INDEX uq_risk_records_source ON risk_records (source, source_record_id)',
    ]);
  });

  it('migrates a database that already holds data (back-fills without breaking append-only)', async () => {
    const name2 = `${name}_data`;
    await admin.query(`CREATE DATABASE ${name2}`);
    const config = AppConfig.load({ DATABASE_URL: databaseUrl(name2) });
    const open2 = async (migrations: typeof MIGRATIONS) => {
      const ds = await new DataSource({
        ...dataSourceOptions(config),
        migrations,
        logging: false,
      }).initialize();
      sources.push(ds);
      return ds;
    };
    try {
      // The database as it was before AssessmentKnownAt; every later migration applies on top.
      const knownAt = MIGRATIONS.findIndex((m) => m.name === 'AssessmentKnownAt1764400000000');
      const old = await open2(MIGRATIONS.slice(0, knownAt));
      await migrateWithLock(old);
      await old.query(
        `INSERT INTO enterprises (uscc, name, region_code, industry_code, established_on)
         VALUES ('91350100M000100Y43', 'x', '350100', 'I6513', '2020-01-01')`,
      );
      await old.query(
        `INSERT INTO assessments (uscc, tier, score, rule_set_kind, rule_set_version, as_of, input_digest, facts, trigger)
         VALUES ('91350100M000100Y43', 'A', 95, 'tiering', '2026.1', now(), repeat('0', 64), '{}', 'manual')`,
      );
      const current = await open2(MIGRATIONS);
      expect((await migrateWithLock(current)).map((m) => m.name)).toEqual(
        MIGRATIONS.slice(knownAt).map((m) => m.name),
      );
      const [row] = await current.query(`SELECT facts_known_at = created_at AS same FROM assessments`);
      expect(row.same).toBe(true);
      await expect(current.query(`UPDATE assessments SET tier = 'D'`)).rejects.toThrow(/append-only/);
    } finally {
      await Promise.all(sources.splice(-2).map((s) => s.destroy()));
      await admin.query(`DROP DATABASE IF EXISTS ${name2} WITH (FORCE)`);
    }
  });

  it('keeps assessments and the audit log append-only', async () => {
    const ds = sources[0];
    await ds.query(
      `INSERT INTO enterprises (uscc, name, region_code, industry_code, established_on)
       VALUES ('91350100M000100Y43', 'x', '350100', 'I6513', '2020-01-01')`,
    );
    await ds.query(
      `INSERT INTO assessments (uscc, tier, score, rule_set_kind, rule_set_version, as_of, input_digest, facts, trigger, facts_known_at)
       VALUES ('91350100M000100Y43', 'A', 95, 'tiering', '2026.1', now(), repeat('0', 64), '{}', 'manual', now())`,
    );
    await expect(ds.query(`UPDATE assessments SET tier = 'D'`)).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(ds.query(`DELETE FROM assessments`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(ds.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only: TRUNCATE refused/);
  });

  it('refuses a failed assessment without a reason, and a tier with one', async () => {
    const ds = sources[0];
    await expect(
      ds.query(
        `INSERT INTO assessments (uscc, tier, rule_set_kind, rule_set_version, as_of, input_digest, facts, trigger, facts_known_at)
         VALUES ('91350100M000100Y43', NULL, 'tiering', '2026.1', now(), repeat('0', 64), '{}', 'manual', now())`,
      ),
    ).rejects.toThrow(/check constraint/);
  });
});
