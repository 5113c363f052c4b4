import { AppConfig } from '@app/config';
import { dataSourceOptions, migrateWithLock } from '@app/persistence';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ADMIN_DATABASE_URL, databaseUrl } from './services';

/**
 * Migrates one template database per test run; every test file clones it (CREATE DATABASE …
 * TEMPLATE), which takes milliseconds, and drops its clone afterwards.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TIERWATCH_TEST_TEMPLATE) return; // already done for another project of this run
  const template = `tw_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  const config = AppConfig.load({ DATABASE_URL: databaseUrl(template), NODE_ENV: 'test' });
  const dataSource = await new DataSource({
    ...dataSourceOptions(config, 'tierwatch-test-setup'),
    logging: false,
  }).initialize();
  try {
    await migrateWithLock(dataSource);
  } finally {
    await dataSource.destroy();
  }
  process.env.TIERWATCH_TEST_TEMPLATE = template;
}
