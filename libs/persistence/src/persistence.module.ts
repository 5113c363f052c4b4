import { AppConfig } from '@app/config';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.options';
import { migrateWithLock } from './migrate';
import { PoolMetrics } from './pool.metrics';

@Module({})
export class PersistenceModule {
  /**
   * The TypeORM connection. When `MIGRATIONS_RUN` is on, pending migrations run once the
   * connection is up, under the advisory lock, before any module that needs the schema starts.
   */
  static forRoot(applicationName: string): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config, applicationName),
            retryAttempts: 3,
            retryDelay: 1000,
          }),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            return dataSource;
          },
        }),
      ],
      providers: [
        PoolMetrics,
        {
          provide: 'TIERWATCH_MIGRATED',
          inject: [DataSource, AppConfig],
          useFactory: async (dataSource: DataSource, config: AppConfig) =>
            config.migrationsRun ? (await migrateWithLock(dataSource)).length : 0,
        },
      ],
      exports: [TypeOrmModule, 'TIERWATCH_MIGRATED'],
    };
  }
}
