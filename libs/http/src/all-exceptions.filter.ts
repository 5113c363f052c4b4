import { DomainError, ErrorDetail } from '@app/domain';
import { asUnavailable, RETRY_AFTER_SECONDS } from '@app/persistence';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { correlationIdOf } from './correlation';
import { ClsService } from 'nestjs-cls';
import { ErrorResponse } from './error-response';
import { httpStatusOf } from './http-status.map';

/** The code of an error that did not come with one of ours (Nest's or Fastify's own). */
const STATUS_CODE: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Maps every error, ours, Nest's or Fastify's, to the one JSON error shape with the correlation id. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  constructor(private readonly cls: ClsService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    // Unknown routes never reach the CLS middleware; give them an id all the same.
    const correlationId =
      (this.cls.isActive() ? this.cls.getId() : undefined) ??
      correlationIdOf(host.switchToHttp().getRequest<FastifyRequest>().raw);
    const body = this.toResponse(exception, correlationId);
    if (databaseRefusal(exception)) {
      this.logger.warn(
        `${body.statusCode} from the database, not the validation: ${(exception as Error).message} [${correlationId}]`,
      );
    } else if (body.statusCode === 503) {
      this.logger.warn(`503 ${body.message} [${correlationId}]`);
    } else if (body.statusCode >= 500) {
      this.logger.error(
        `${body.statusCode} ${body.message} [${correlationId}]`,
        exception instanceof Error ? exception.stack : undefined,
      );
    }
    void reply.header('x-correlation-id', correlationId);
    if (body.statusCode === 503 && !reply.hasHeader('retry-after'))
      void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  toResponse(exception: unknown, correlationId: string | null): ErrorResponse {
    return errorResponseOf(exception, correlationId);
  }
}

/** The one error shape for any error, ours, Nest's or Fastify's. */
export function errorResponseOf(exception: unknown, correlationId: string | null): ErrorResponse {
  if (exception instanceof DomainError) {
    const statusCode = httpStatusOf(exception.code);
    return shape(statusCode, exception.message, exception.details, correlationId, exception.code);
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    const { message, details } = describeHttpResponse(response, exception.message);
    return shape(statusCode, message, details, correlationId);
  }
  // Fastify's own errors (bad JSON, unsupported media type, body too large) carry a statusCode.
  const fastify = exception as { statusCode?: number; message?: string; code?: string };
  if (typeof fastify?.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return shape(fastify.statusCode, fastifyMessage(fastify), [], correlationId);
  }
  // Lost PostgreSQL where no interceptor saw it (an authentication hook reading API keys): 503 too.
  const unavailable = asUnavailable(exception);
  if (unavailable !== exception && unavailable instanceof DomainError)
    return errorResponseOf(unavailable, correlationId);
  const refused = databaseRefusal(exception);
  if (refused) return shape(refused.status, refused.message, [], correlationId, refused.code);
  return shape(HttpStatus.INTERNAL_SERVER_ERROR, 'internal error', [], correlationId);
}

/**
 * A value PostgreSQL refused (SQLSTATE class 22, data exception; 23, integrity) is the caller's
 * input that slipped past validation: a 4xx, never a 500. The filter logs it as a warning, since
 * the validation should have caught it first.
 */
export function databaseRefusal(
  exception: unknown,
): { status: number; code: string; message: string } | null {
  const sqlState = (exception as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  if (typeof sqlState !== 'string') return null;
  if (sqlState === '23505')
    return { status: 409, code: 'CONFLICT', message: 'conflicts with a record that already exists' };
  if (sqlState === '23503')
    return {
      status: 409,
      code: 'CONFLICT',
      message: 'refers to a record that does not exist, or is still referred to',
    };
  if (sqlState.startsWith('22') || sqlState === '23502' || sqlState === '23514')
    return {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'the request holds a value that cannot be stored',
    };
  return null;
}

function shape(
  statusCode: number,
  message: string,
  details: ErrorDetail[],
  correlationId: string | null,
  code: string = STATUS_CODE[statusCode] ?? (statusCode >= 500 ? 'INTERNAL' : 'BAD_REQUEST'),
): ErrorResponse {
  return { statusCode, error: REASON[statusCode] ?? 'Error', code, message, details, correlationId };
}

/**
 * Fastify answers a few errors before any route or error handler runs (a malformed URL): its
 * `frameworkErrors` option sends them here, in the one shape.
 */
export function frameworkErrorHandler(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  const correlationId = correlationIdOf(request.raw);
  const body = errorResponseOf(error, correlationId);
  // These answers come before any hook: give them the headers every other response carries.
  void reply
    .status(body.statusCode)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
    .header('cache-control', 'no-store')
    .header('x-correlation-id', correlationId)
    .header('content-type', 'application/json; charset=utf-8')
    .send(body);
}

function describeHttpResponse(
  response: unknown,
  fallback: string,
): { message: string; details: ErrorDetail[] } {
  if (typeof response === 'string') return { message: response, details: [] };
  const r = response as { message?: unknown; details?: ErrorDetail[]; error?: unknown; info?: unknown };
  // Terminus health results: name each service that is down.
  if (r && typeof r.error === 'object' && r.error !== null && 'status' in (response as object)) {
    const down = Object.entries(r.error as Record<string, { message?: string }>).map(([path, v]) => ({
      path,
      message: v?.message ?? 'down',
    }));
    return { message: `unhealthy: ${down.map((d) => d.path).join(', ')}`, details: down };
  }
  if (Array.isArray(r?.message)) {
    return {
      message: r.message.join('; '),
      details: r.message.map((m) => ({ path: '', message: String(m) })),
    };
  }
  return { message: typeof r?.message === 'string' ? r.message : fallback, details: r?.details ?? [] };
}

/** Fastify's messages name its internals (FST_ERR_…); say what was wrong with the request instead. */
function fastifyMessage(error: { message?: string; code?: string }): string {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return 'the URL is not valid: malformed percent-encoding';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported content type';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the JSON body is empty';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'Content-Length does not match the body';
    default:
      return error.message ?? 'request refused';
  }
}
