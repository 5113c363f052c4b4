import { AppConfig } from '@app/config';
import { dataSourceOptions, migrateWithLock } from '@app/persistence';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/** A throw-away database on the configured server, migrated, for a benchmark run. */
export class ScratchDatabase {
  private constructor(
    readonly name: string,
    readonly config: AppConfig,
    readonly dataSource: DataSource,
    private readonly adminUrl: string,
  ) {}

  static async create(base: AppConfig, prefix: string): Promise<ScratchDatabase> {
    const name = `${prefix}_${Date.now().toString(36)}`;
    const admin = new URL(base.databaseUrl);
    admin.pathname = '/postgres';
    await withClient(admin.toString(), (c) => c.query(`CREATE DATABASE ${name}`));
    const url = new URL(base.databaseUrl);
    url.pathname = `/${name}`;
    const config = base.with({ DATABASE_URL: url.toString(), NODE_ENV: 'test' });
    const dataSource = await new DataSource({
      ...dataSourceOptions(config, 'tierwatch-bench'),
      logging: false,
    }).initialize();
    await migrateWithLock(dataSource);
    return new ScratchDatabase(name, config, dataSource, admin.toString());
  }

  async drop(): Promise<void> {
    await this.dataSource.destroy();
    await withClient(this.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`));
  }
}

/** Runs `fn` on a client of its own (CREATE/DROP DATABASE cannot run in a pooled transaction). */
export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
