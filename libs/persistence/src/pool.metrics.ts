import { Metrics } from '@app/metrics';
import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** The PostgreSQL pool of this process, read at each scrape: connections open, idle, and callers waiting. */
@Injectable()
export class PoolMetrics implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  onModuleInit(): void {
    if (!this.metrics) return;
    const pool = () => (this.dataSource.driver as PostgresDriver).master as Pool | undefined;
    this.metrics.gauge(
      'tierwatch_pg_pool_connections',
      'PostgreSQL pool of this process: connections by state (total, idle), and callers waiting for one',
      ['state'],
      async (set) => {
        const p = pool();
        if (!p) return;
        set({ state: 'total' }, p.totalCount);
        set({ state: 'idle' }, p.idleCount);
        set({ state: 'waiting' }, p.waitingCount);
      },
    );
    this.metrics.gauge(
      'tierwatch_pg_pool_max',
      'Largest size of the PostgreSQL pool (DB_POOL_SIZE)',
      [],
      async (set) => {
        const max = pool()?.options.max;
        if (max !== undefined) set({}, max);
      },
    );
  }
}
