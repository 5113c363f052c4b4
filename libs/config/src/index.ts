export {
  AppConfig,
  ConfigError,
  type ClaimKey,
  type JwksSettings,
  type RateLimitSettings,
} from './app-config';
export { ConfigModule } from './config.module';
export { EnvironmentVariables, LOG_LEVELS, type LogLevelName } from './env.schema';
export { runMain, type MainIo } from './run-main';
export { exitAfterGrace, within, type DeadlineIo } from './shutdown-deadline';
