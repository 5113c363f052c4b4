import type { ErrorDetail } from '@app/domain';
import { HttpException } from '@nestjs/common';

/**
 * A request refused before any work (body too large, too many requests), thrown from Fastify
 * hooks. AllExceptionsFilter answers it as any HttpException, in the one error shape with its
 * message and details; `statusCode` is what Fastify itself reads from an error.
 */
export class HttpLimitError extends HttpException {
  readonly statusCode: 413 | 429;

  constructor(statusCode: 413 | 429, message: string, details: ErrorDetail[] = []) {
    super({ message, details }, statusCode);
    this.statusCode = statusCode;
    this.name = 'HttpLimitError';
  }
}

/** "1 MiB", "64 MiB", "1.5 KiB", "4 GiB", "100 bytes": the way limits are named to callers. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${bytes} bytes`;
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded : rounded.toFixed(1)} ${units[unit]}`;
}
