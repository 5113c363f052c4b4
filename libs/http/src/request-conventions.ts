import { DomainError, ErrorCode, isCalendarDate } from '@app/domain';
import { applyDecorators, Injectable, PipeTransform, Type as ClassType } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, Max, Min, registerDecorator, ValidationOptions } from 'class-validator';

/** The one pagination convention of the API: `?limit=&offset=` in, `{ items, total, limit, offset }` out. */
export const MAX_PAGE_LIMIT = 1000;
export const MAX_PAGE_OFFSET = 100_000;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 100 })
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit: number = 100;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_PAGE_OFFSET, default: 0 })
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(MAX_PAGE_OFFSET, { message: `must not be greater than ${MAX_PAGE_OFFSET}; narrow the filter instead` })
  offset: number = 0;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export function page<T>(
  query: { limit: number; offset: number },
  result: { items: T[]; total: number },
): Page<T> {
  return { items: result.items, total: result.total, limit: query.limit, offset: query.offset };
}

/** One problem at one place of the request. */
export class ErrorDetailDto {
  @ApiProperty({ example: 'records[12].uscc' }) path!: string;
  @ApiProperty({ example: 'check digit mismatch' }) message!: string;
}

/** The one error shape (DESIGN.md), whoever raised the error. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'machine-readable error code' }) code!: string;
  @ApiProperty({ example: 'request is invalid: 1 problem(s), first at limit: must not be greater than 1000' })
  message!: string;
  @ApiProperty({ type: [ErrorDetailDto] }) details!: ErrorDetailDto[];
  @ApiProperty({ type: String, nullable: true, example: '0193b1c2-7f7e-7c4e-9d0a-2f1e3c4b5a69' })
  correlationId!: string | null;
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is invalid; `details` names each field (and row)',
  401: 'Missing, invalid or expired credentials',
  403: 'The caller lacks the role, or the scope lies outside its regions or sources',
  404: 'No such resource (or not visible to the caller)',
  409: 'The resource is not in a state that allows this',
  413: 'The body exceeds the route limit',
  415: 'Unsupported content type',
  422: 'Understood but not possible (e.g. outside the regulatory calendar)',
  429: 'Too many requests; see Retry-After',
  503: 'A service the API needs is unavailable; see Retry-After',
};

/**
 * Documents the error responses of a route, all in the one error shape: 400 and 429 always, and
 * the statuses given (@Roles adds 401 and 403 itself).
 */
export function ApiErrors(...statuses: number[]) {
  const all = [...new Set([400, 429, ...statuses])].sort();
  return applyDecorators(
    ...all.map((status) =>
      ApiResponse({ status, description: ERROR_DESCRIPTIONS[status] ?? 'Error', type: ErrorResponseDto }),
    ),
  );
}

/** Documents a paged list response of `model`. */
export function ApiPageResponse(model: ClassType<unknown>) {
  return applyDecorators(
    ApiExtraModels(model),
    ApiResponse({
      status: 200,
      description: `A page of ${model.name.replace(/Dto$|View$/, '')}`,
      schema: {
        type: 'object',
        required: ['items', 'total', 'limit', 'offset'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(model) } },
          total: { type: 'integer' },
          limit: { type: 'integer' },
          offset: { type: 'integer' },
        },
      },
    }),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that must be a UUID: anything else is answered 404, as an id that does not exist. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  constructor(private readonly what = 'resource') {}

  transform(value: string): string {
    if (!UUID.test(value)) throw new DomainError(ErrorCode.NotFound, `no ${this.what} ${value.slice(0, 64)}`);
    return value.toLowerCase();
  }
}

/** `true` / `false` in a query string, nothing else (`yes`, `1` stay strings and fail @IsBoolean). */
export const ToBoolean = () =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

/** A real calendar date 'YYYY-MM-DD' from year 1900 on (2026-02-30 and 0000-01-01 are refused). */
export function IsCalendarDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName,
      options: { message: 'must be a real calendar date YYYY-MM-DD (from 1900)', ...options },
      validator: {
        validate: (value: unknown): boolean => isCalendarDate(value),
      },
    });
}
