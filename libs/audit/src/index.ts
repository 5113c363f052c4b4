export { AuditService, type AuditInput, type ChainVerification } from './audit.service';
export { AuditVerifyJob } from './audit-verify.job';
export { AuditModule, AuditHttpModule } from './audit.module';
export { auditHash, GENESIS_HASH } from './audit-chain';
export {
  AccessLogService,
  AccessLogView,
  AccessLogPageView,
  PrivilegedRead,
  PrivilegedReadInterceptor,
  PRIVILEGED_READ_METADATA,
  type AccessLogInput,
  type AccessLogFilter,
  type AccessLogPage,
} from './access-log';
