import { ChangeFeed } from '@app/assessment';
import { AuditService } from '@app/audit';
import { AppConfig } from '@app/config';
import { IngestService } from '@app/ingestion';
import { OutboxWriter } from '@app/queue';
import { ClsService } from 'nestjs-cls';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource } from 'typeorm';

/** The real ingestion service wired by hand (no Nest container) for integration tests. */
export function ingestDeps(ds: DataSource, config: AppConfig): [DataSource, AuditService, ChangeFeed] {
  const cls = new ClsService(new AsyncLocalStorage());
  return [ds, new AuditService(ds, cls), new ChangeFeed(new OutboxWriter(cls), config)];
}

export function ingestService(ds: DataSource, config: AppConfig): IngestService {
  return new IngestService(...ingestDeps(ds, config));
}
