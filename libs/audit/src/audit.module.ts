import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}

/** The HTTP side, for the API app. */
@Module({ controllers: [AuditController] })
export class AuditHttpModule {}
