import { Client } from 'pg';
import { ADMIN_DATABASE_URL } from './services';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.TIERWATCH_TEST_TEMPLATE;
  if (!template) return;
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    // Clones left by a crashed test file of this run.
    const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${template.replace('tw_tpl_', 'tw_t_')}%`,
    ]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  delete process.env.TIERWATCH_TEST_TEMPLATE;
}
