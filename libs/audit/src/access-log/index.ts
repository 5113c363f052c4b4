export {
  AccessLogService,
  type AccessLogInput,
  type AccessLogFilter,
  type AccessLogPage,
} from './access-log.service';
export { AccessLogView, AccessLogPageView } from './access-log.view';
export { AccessLogController } from './access-log.controller';
export { PrivilegedRead } from './privileged-read.decorator';
export { PrivilegedReadInterceptor, PRIVILEGED_READ_METADATA } from './privileged-read.interceptor';
