import { Logger } from '@nestjs/common';
import { DataSource, Migration } from 'typeorm';

/** Any 64-bit number shared by every tierwatch process; it names the migration lock. */
export const MIGRATION_LOCK_KEY = 7_310_204_551;

/**
 * Runs pending migrations while holding a PostgreSQL advisory lock, so api, worker and CLI
 * starting together never race: the second waits, then finds nothing left to do.
 */
export async function migrateWithLock(dataSource: DataSource): Promise<Migration[]> {
  const logger = new Logger('Migrations');
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const m of applied) logger.log(`applied ${m.name}`);
    return applied;
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

/** Reverts every applied migration, newest first (used by `tierwatch migrate --revert-all` and tests). */
export async function revertAll(dataSource: DataSource): Promise<number> {
  let reverted = 0;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    while (
      (await dataSource.query(`SELECT to_regclass('migrations') IS NOT NULL AS present`))[0].present &&
      Number((await dataSource.query(`SELECT count(*)::int AS n FROM migrations`))[0].n) > 0
    ) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      reverted++;
    }
    return reverted;
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
