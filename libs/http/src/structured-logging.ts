import { AppConfig, LogLevelName } from '@app/config';
import { DynamicModule } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { ClsServiceManager } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import type { Level, Logger } from 'pino';
import { correlationIdOf } from './correlation';

const PINO_LEVELS: Record<LogLevelName, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * The correlation id of the work being logged: the HTTP request's (its logger already carries it as
 * a binding) or, in a job, the one the job brought from the request behind it (WorkerHost puts it in
 * the CLS context).
 */
function correlationMixin(_merge: object, _level: number, logger: Logger): object {
  if ('correlationId' in logger.bindings()) return {};
  const cls = ClsServiceManager.getClsService();
  const id: unknown = cls.isActive() ? cls.getId() : undefined;
  return typeof id === 'string' ? { correlationId: id } : {};
}

/**
 * JSON logs (pino through nestjs-pino) for the api and the worker: one line per event, with the
 * correlation id of the request or job behind it, so that one grep follows a request through the
 * jobs it causes. Credentials in request headers are never written.
 */
export function structuredLogging(): DynamicModule {
  return LoggerModule.forRootAsync({
    inject: [AppConfig],
    useFactory: (config: AppConfig) => ({
      pinoHttp: [
        {
          level: PINO_LEVELS[config.logLevel],
          genReqId: (req: IncomingMessage) => correlationIdOf(req),
          customAttributeKeys: { reqId: 'correlationId' },
          mixin: correlationMixin,
          redact: {
            paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
            censor: '(hidden)',
          },
          // Probes and scrapes every few seconds would drown the rest.
          autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
          formatters: { level: (label: string) => ({ level: label }) },
        },
        // Through process.stdout (not a file descriptor of pino's own), so that tests can read it.
        process.stdout,
      ],
    }),
  });
}
