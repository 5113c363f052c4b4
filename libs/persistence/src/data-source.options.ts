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
    // Idle connections are kept (DB_POOL_MIN), so TCP keep-alive finds one a firewall dropped before
    // a query waits on it; kept idle, they never hold a process open that has nothing else to do (a
    // CLI command, a script), as closing them after 10 s used to ensure.
    extra: {
      max: config.dbPoolSize,
      min: config.dbPoolMin,
      keepAlive: true,
      allowExitOnIdle: true,
      connectionTimeoutMillis: 5000,
    },
  };
}
