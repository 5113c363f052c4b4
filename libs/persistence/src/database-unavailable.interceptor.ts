import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { asUnavailable, RETRY_AFTER_SECONDS } from './database-unavailable';

/**
 * A request that loses PostgreSQL (a restart, a failover, a full pool) answers 503 with
 * `Retry-After`, never an opaque 500: the error becomes `DomainError(Unavailable)`, which the
 * exception filter maps like any domain error, and the header is set on the reply it sends.
 */
@Injectable()
export class DatabaseUnavailableInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        const mapped = asUnavailable(error);
        if (mapped !== error && context.getType() === 'http') {
          context
            .switchToHttp()
            .getResponse<{ header: (name: string, value: string) => unknown }>()
            .header('retry-after', String(RETRY_AFTER_SECONDS));
        }
        return throwError(() => mapped);
      }),
    );
  }
}
