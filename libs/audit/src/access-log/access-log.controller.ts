import { Role, Roles } from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessLogQuery } from './access-log-query.dto';
import { AccessLogPage, AccessLogService } from './access-log.service';
import { AccessLogPageView } from './access-log.view';

/** Administrators read who read which enterprise's data. */
@ApiTags('audit')
@Controller('access-log')
export class AccessLogController {
  constructor(private readonly accessLog: AccessLogService) {}

  @Get()
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Privileged reads of enterprise data, newest first (who, what, when)' })
  @ApiOkResponse({ type: AccessLogPageView })
  list(@Query() query: AccessLogQuery): Promise<AccessLogPage> {
    const from = instant(query.from);
    const to = instant(query.to);
    if (from && to && from >= to) {
      throw new DomainError(ErrorCode.ValidationFailed, 'from must be before to', [
        { path: 'from', message: 'must be before to' },
      ]);
    }
    return this.accessLog.query({ ...query, from, to });
  }
}

/** A date alone is midnight in the regulatory time zone (Asia/Shanghai, UTC+8, no DST). */
function instant(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00+08:00` : value);
}
