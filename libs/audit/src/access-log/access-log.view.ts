import { AccessLogEntity } from '@app/persistence';
import { ApiProperty } from '@nestjs/swagger';

/** One privileged read, as the admin query returns it. */
export class AccessLogView {
  @ApiProperty({ example: '1042' })
  id!: string;
  @ApiProperty({ example: '2026-12-02T01:23:45.678Z' })
  at!: string;
  @ApiProperty({ example: 'regulator:alice' })
  subject!: string;
  @ApiProperty({ example: ['regulator'] })
  roles!: string[];
  @ApiProperty({ example: 'GET' })
  method!: string;
  @ApiProperty({ example: '/api/v1/enterprises/:uscc/assessment' })
  route!: string;
  @ApiProperty({ example: '/api/v1/enterprises/91330106MA2000DA53/assessment?asOf=2026-03-01' })
  path!: string;
  @ApiProperty({ example: 'assessment' })
  resource!: string;
  @ApiProperty({ example: '91330106MA2000DA53', nullable: true, type: String })
  uscc!: string | null;
  @ApiProperty({ example: 200 })
  status!: number;
  @ApiProperty({ nullable: true, type: String })
  correlationId!: string | null;

  static of(row: AccessLogEntity): AccessLogView {
    return Object.assign(new AccessLogView(), {
      id: row.id,
      at: row.at.toISOString(),
      subject: row.subject,
      roles: row.roles,
      method: row.method,
      route: row.route,
      path: row.path,
      resource: row.resource,
      uscc: row.uscc,
      status: row.status,
      correlationId: row.correlationId,
    });
  }
}

/** A page of the access log: the project's paging convention. */
export class AccessLogPageView {
  @ApiProperty({ type: [AccessLogView] })
  items!: AccessLogView[];
  @ApiProperty({ example: 1 })
  total!: number;
  @ApiProperty({ example: 100 })
  limit!: number;
  @ApiProperty({ example: 0 })
  offset!: number;
}
