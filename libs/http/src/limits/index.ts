export { HttpLimitError, formatBytes } from './http-limit.error';
export {
  registerBodyLimits,
  BUFFERED_CONTENT_TYPES,
  type BodyLimitRule,
  type BodyLimitOptions,
} from './body-limits';
export {
  assertJsonDepth,
  assertJsonTextDepth,
  jsonDepthExceededAt,
  DEFAULT_JSON_MAX_DEPTH,
} from './json-depth';
export { registerRateLimits, createRateLimitRedis, type RateLimitOptions } from './rate-limits';
export { registerSecurityHeaders } from './security-headers';
export { BodyLimit, type BodyLimitSetting } from './body-limit.decorator';
