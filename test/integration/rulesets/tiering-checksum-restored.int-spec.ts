import { AppConfig } from '@app/config';
import { AuditService } from '@app/audit';
import { FixedClock } from '@app/domain';
import { dataSourceOptions, MIGRATIONS } from '@app/persistence';
import { validateRuleSet } from '@app/rules';
import { RuleSetStore, ruleSetChecksum, shippedRuleSet } from '@app/rulesets';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClsService } from 'nestjs-cls';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ADMIN_DATABASE_URL, databaseUrl } from '../../support/services';

/**
 * A database created by the session-6 code stored tiering 2026.1 with the explanation texts written
 * into it (test/fixtures/published/tiering-2026.1-session6.json, that code's file); the file is
 * restored to its first published content, and migration TieringPublishedChecksumRestored lets such a
 * database start again.
 */
/** The day the shipped files are imported: tiering 2026.1 in force, 2026.2 (from 2027-01-01) scheduled. */
const IMPORTED_AT = '2026-11-01T10:00:00+08:00';

describe('migration TieringPublishedChecksumRestored: a database that stored tiering 2026.1 with texts starts', () => {
  const name = `tw_t_tcr_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  const mine = MIGRATIONS.findIndex((m) => m.name === 'TieringPublishedChecksumRestored1765920000000');
  let ds: DataSource;
  const session6 = validateRuleSet(
    JSON.parse(
      readFileSync(join(__dirname, '../../fixtures/published/tiering-2026.1-session6.json'), 'utf8'),
    ),
  );

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

  it('records the published document again, audited in the chain, and the shipped files import', async () => {
    expect(mine).toBeGreaterThan(0);
    if (!session6.ok) throw new Error('the session-6 fixture must validate');
    const restored = shippedRuleSet('tiering', '2026-11-01');
    expect(restored.version).toBe('2026.1');
    expect(ruleSetChecksum(session6.ruleSet)).toBe(
      'a1c7f91f7dd6f1843e9874c06108af06d19bd014ce436be5e5f538f3b1e0e1bc',
    );
    expect(ruleSetChecksum(restored)).toBe(
      '61c187a253ca49b1f7575b6b6faf61e4186ea073428bb4bb52a1462789f3d26a',
    );

    // What the session-6 code stored on its first start.
    const [{ id }] = await ds.query(
      `INSERT INTO rule_set_versions (kind, version, status, document, checksum, author, approver, effective_from,
              published_by, published_at, activated_at)
       VALUES ('tiering', '2026.1', 'in_force', $1::jsonb, $2, 'shipped', 'shipped', $3, 'shipped', now(), $3)
       RETURNING id::text AS id`,
      [JSON.stringify(session6.ruleSet), ruleSetChecksum(session6.ruleSet), session6.ruleSet.effectiveFrom],
    );
    // Importing on a pinned day before the shipped 2026.2 takes effect: 2026.1 stays in force.
    const store = new RuleSetStore(ds, new FixedClock(new Date(IMPORTED_AT)));
    await expect(store.importShipped()).rejects.toMatchObject({ code: 'CONFLICT' });

    const all = new DataSource({ ...ds.options, migrations: MIGRATIONS });
    await all.initialize();
    try {
      expect((await all.runMigrations()).map((m) => m.name)).toEqual(
        MIGRATIONS.slice(mine).map((m) => m.name),
      );
    } finally {
      await all.destroy();
    }

    const [row] = await ds.query(
      `SELECT id::text AS id, status, checksum, document FROM rule_set_versions WHERE kind = 'tiering' AND version = '2026.1'`,
    );
    expect(row).toMatchObject({ id, status: 'in_force', checksum: ruleSetChecksum(restored) });
    expect(row.document).toEqual(restored);
    // Still guarded: a published document never changes.
    await expect(
      ds.query(`UPDATE rule_set_versions SET document = '{}' WHERE id = $1`, [id]),
    ).rejects.toThrow(/never changes/);

    const audit = await ds.query(
      `SELECT actor, action, entity_type, entity_id, data FROM audit_log WHERE entity_type = 'rule_set_version'`,
    );
    expect(audit).toEqual([
      {
        actor: 'migration:TieringPublishedChecksumRestored1765920000000',
        action: 'rule_set.published_document_restored',
        entity_type: 'rule_set_version',
        entity_id: id,
        data: expect.objectContaining({
          kind: 'tiering',
          version: '2026.1',
          fromChecksum: ruleSetChecksum(session6.ruleSet),
          toChecksum: ruleSetChecksum(restored),
        }),
      },
    ]);
    const auditService = new AuditService(ds, { isActive: () => false } as unknown as ClsService);
    expect(await auditService.verify()).toMatchObject({ ok: true, checked: 1 });

    // The database starts: the shipped files import without a conflict (the refused import above had
    // already stored the others), 2026.1 matches what is stored.
    await expect(store.importShipped()).resolves.toEqual([]);
    expect((await store.version('tiering', '2026.1')).checksum).toBe(ruleSetChecksum(restored));
  });

  it('leaves any other stored checksum alone (the importer refuses it, as before)', async () => {
    await ds.query(`ALTER TABLE rule_set_versions DISABLE TRIGGER rule_set_versions_document_fixed`);
    await ds.query(
      `UPDATE rule_set_versions SET checksum = repeat('e', 64) WHERE kind = 'tiering' AND version = '2026.1'`,
    );
    await ds.query(`ALTER TABLE rule_set_versions ENABLE TRIGGER rule_set_versions_document_fixed`);
    const migration = MIGRATIONS[mine];
    const runner = ds.createQueryRunner();
    try {
      await new migration().up(runner);
    } finally {
      await runner.release();
    }
    const [row] = await ds.query(
      `SELECT checksum FROM rule_set_versions WHERE kind = 'tiering' AND version = '2026.1'`,
    );
    expect(row.checksum).toBe('e'.repeat(64));
    await expect(
      new RuleSetStore(ds, new FixedClock(new Date(IMPORTED_AT))).importShipped(),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
