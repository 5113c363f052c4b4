import type { Principal } from '@app/auth';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ClsService } from 'nestjs-cls';
import { mergeMap, Observable } from 'rxjs';
import { AccessLogService } from './access-log.service';

export const PRIVILEGED_READ_METADATA = 'tierwatch:privileged-read';

type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/** Writes the access-log row of a @PrivilegedRead route once its handler has succeeded. */
@Injectable()
export class PrivilegedReadInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessLog: AccessLogService,
    private readonly cls: ClsService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const resource = this.reflector.getAllAndOverride<string | undefined>(PRIVILEGED_READ_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const principal = request.principal;
    const uscc = usccParam(request);
    if (!resource || !principal || isOwnRead(principal, uscc)) return next.handle();
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        await this.accessLog.record({
          subject: principal.subject,
          roles: principal.roles,
          method: request.method,
          route: request.routeOptions.url ?? request.url,
          path: request.url,
          resource,
          uscc,
          status: http.getResponse<FastifyReply>().statusCode,
          correlationId: this.cls.isActive() ? (this.cls.getId() ?? null) : null,
        });
        return body;
      }),
    );
  }
}

function usccParam(request: FastifyRequest): string | null {
  const value = (request.params as Record<string, unknown> | undefined)?.uscc;
  return typeof value === 'string' && value.trim() !== '' ? value.trim().toUpperCase().slice(0, 18) : null;
}

/** An enterprise reading its own data is not a privileged read. */
function isOwnRead(principal: Principal, uscc: string | null): boolean {
  return principal.uscc !== undefined && uscc !== null && principal.uscc === uscc;
}
