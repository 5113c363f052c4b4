export { AllExceptionsFilter, errorResponseOf, frameworkErrorHandler } from './all-exceptions.filter';
export { createValidationPipe, validateAs, checkedBody } from './validation.pipe';
export {
  Check,
  IsText,
  IsWholeNumber,
  IsList,
  anObject,
  aTextMatching,
  Omittable,
  type RelativeProblems,
} from './request-validators';
export { validationDetails } from './validation-details';
export { httpStatusOf } from './http-status.map';
export { type ErrorResponse } from './error-response';
export { correlationIdOf, CORRELATION_HEADER } from './correlation';
export { HealthModule } from './health.module';
export { RedisHealthIndicator } from './redis.health';
export { setupOpenApi, openApiDocument } from './openapi';
export {
  PageQueryDto,
  type Page,
  page,
  MAX_PAGE_LIMIT,
  MAX_PAGE_OFFSET,
  ErrorResponseDto,
  ErrorDetailDto,
  ApiErrors,
  ApiPageResponse,
  ParseIdPipe,
  ToBoolean,
  IsCalendarDate,
} from './request-conventions';
export * from './limits';
export { badTextIn, registerTextGuard } from './text-guard';
export { structuredLogging } from './structured-logging';
