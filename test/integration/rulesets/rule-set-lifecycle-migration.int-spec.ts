import { AppConfig } from '@app/config';
import { dataSourceOptions, MIGRATIONS } from '@app/persistence';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ADMIN_DATABASE_URL, databaseUrl } from '../../support/services';

describe('migration RuleSetLifecycle: published rows take their place in the life cycle', () => {
  const name = `tw_t_rsl_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  const mine = MIGRATIONS.findIndex((m) => m.name === 'RuleSetLifecycle1765700000000');
  let ds: DataSource;
  const statuses = async () =>
    (
      await ds.query(
        `SELECT kind || ' ' || version || ' ' || status AS s FROM rule_set_versions ORDER BY kind, version`,
      )
    ).map((r: { s: string }) => r.s);

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const config = AppConfig.load({ DATABASE_URL: databaseUrl(name) });
    ds = await new DataSource({
      ...dataSourceOptions(config),
      migrations: MIGRATIONS.slice(0, mine),
      logging: false,
    }).initialize();
    await ds.runMigrations();
  });
  afterAll(async () => {
    await ds.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('makes the latest effective version in force, earlier ones retired, future ones scheduled; and back', async () => {
    expect(mine).toBeGreaterThan(0);
    const insert = (kind: string, version: string, status: string, at: string) =>
      ds.query(
        `INSERT INTO rule_set_versions (kind, version, status, document, checksum, author, approver, effective_from, published_at)
         VALUES ($1, $2, $3, '{}', repeat('a', 64), 'shipped', 'shipped', $4, now())`,
        [kind, version, status, at],
      );
    await insert('tiering', '2025.1', 'published', '2025-01-01T00:00:00+08:00');
    await insert('tiering', '2026.1', 'published', '2026-01-01T00:00:00+08:00');
    await insert('tiering', '2099.1', 'published', '2099-01-01T00:00:00+08:00');
    await insert('frequency', '2026.1', 'published', '2026-01-01T00:00:00+08:00');
    await insert('triggers', '2026.0', 'draft', '2026-01-01T00:00:00+08:00');

    const all = new DataSource({ ...ds.options, migrations: MIGRATIONS });
    await all.initialize();
    try {
      expect((await all.runMigrations()).map((m) => m.name)).toEqual(
        MIGRATIONS.slice(mine).map((m) => m.name),
      );
      expect(await statuses()).toEqual([
        'frequency 2026.1 in_force',
        'tiering 2025.1 retired',
        'tiering 2026.1 in_force',
        'tiering 2099.1 scheduled',
        'triggers 2026.0 draft',
      ]);
      await expect(
        ds.query(
          `UPDATE rule_set_versions SET document = '{"x":1}' WHERE kind = 'tiering' AND version = '2026.1'`,
        ),
      ).rejects.toThrow(/never changes/);
      await expect(insert('tiering', '2099.2', 'scheduled', '2099-01-01T00:00:00+08:00')).rejects.toThrow(
        /uq_rule_set_versions_kind_instant/,
      );

      for (let i = MIGRATIONS.length - 1; i >= mine; i--) await all.undoLastMigration();
    } finally {
      await all.destroy();
    }
    expect(await statuses()).toEqual([
      'frequency 2026.1 published',
      'tiering 2025.1 published',
      'tiering 2026.1 published',
      'tiering 2099.1 published',
      'triggers 2026.0 draft',
    ]);
  });
});
