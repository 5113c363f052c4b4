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
    extra: { max: config.dbPoolSize, min: config.dbPoolMin, connectionTimeoutMillis: 5000 },
  };
}
