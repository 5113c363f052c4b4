export * from './entities';
export { MIGRATIONS } from './migrations';
export { RECORD_FACT_COLUMNS } from './migrations/1765932000000-CoveringRecordIndexes';
export { dataSourceOptions } from './data-source.options';
export { migrateWithLock, revertAll, MIGRATION_LOCK_KEY } from './migrate';
export { PersistenceModule } from './persistence.module';
export * from './copy-text';
export { asUnavailable, isDatabaseUnavailable, RETRY_AFTER_SECONDS } from './database-unavailable';
export { DatabaseUnavailableInterceptor } from './database-unavailable.interceptor';
