import { AccessLogEntity } from '@app/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessLogView } from './access-log.view';

export interface AccessLogInput {
  subject: string;
  roles: string[];
  method: string;
  route: string;
  path: string;
  resource: string;
  uscc: string | null;
  status: number;
  correlationId: string | null;
}

export interface AccessLogFilter {
  subject?: string;
  uscc?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export interface AccessLogPage {
  items: AccessLogView[];
  total: number;
  limit: number;
  offset: number;
}

/** Writes and reads the append-only log of privileged reads. */
@Injectable()
export class AccessLogService {
  private readonly logger = new Logger(AccessLogService.name);

  constructor(private readonly dataSource: DataSource) {}

  async record(entry: AccessLogInput): Promise<void> {
    await this.dataSource.getRepository(AccessLogEntity).insert({
      ...entry,
      path: entry.path.slice(0, 2048),
      route: entry.route.slice(0, 256),
      subject: entry.subject.slice(0, 128),
    });
    this.logger.debug(`${entry.subject} read ${entry.resource} ${entry.uscc ?? '-'} (${entry.route})`);
  }

  /** Newest first; `from` inclusive, `to` exclusive. */
  async query(filter: AccessLogFilter): Promise<AccessLogPage> {
    const qb = this.dataSource.getRepository(AccessLogEntity).createQueryBuilder('a');
    if (filter.subject !== undefined) qb.andWhere('a.subject = :subject', { subject: filter.subject });
    if (filter.uscc !== undefined) qb.andWhere('a.uscc = :uscc', { uscc: filter.uscc });
    if (filter.from !== undefined) qb.andWhere('a.at >= :from', { from: filter.from });
    if (filter.to !== undefined) qb.andWhere('a.at < :to', { to: filter.to });
    const [rows, total] = await qb
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .skip(filter.offset)
      .take(filter.limit)
      .getManyAndCount();
    return { items: rows.map(AccessLogView.of), total, limit: filter.limit, offset: filter.offset };
  }
}
