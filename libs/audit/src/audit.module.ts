import { Global, Module } from '@nestjs/common';
import { AccessLogController, AccessLogService } from './access-log';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** The audit chain and the access log; global, so @PrivilegedRead works on any controller. */
@Global()
@Module({ providers: [AuditService, AccessLogService], exports: [AuditService, AccessLogService] })
export class AuditModule {}

/** The HTTP side, for the API app. */
@Module({ controllers: [AuditController, AccessLogController] })
export class AuditHttpModule {}
