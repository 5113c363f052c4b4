import { AppConfig } from '@app/config';
import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export function dataSourceOptions(config: AppConfig, applicationName = 'tierwatch'): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.databaseUrl,
    applicationName,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    // Tests drop databases under live pools on purpose; their pool warnings are noise there.
    logging: config.nodeEnv === 'test' ? ['error'] : ['error', 'warn', 'migration'],
    extra: {
      max: config.dbPoolSize,
      // 0 keeps idle connections open (DB_POOL_IDLE_TIMEOUT_MS); idle ones never keep a process
      // alive that has nothing else to do (a CLI command, a test)
      idleTimeoutMillis: config.dbPoolIdleTimeoutMs,
      allowExitOnIdle: true,
      connectionTimeoutMillis: 5000,
    },
  };
}
