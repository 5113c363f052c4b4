import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { PRIVILEGED_READ_METADATA, PrivilegedReadInterceptor } from './privileged-read.interceptor';

/**
 * Records every successful call of this route by anyone but the enterprise itself (a regulator,
 * an admin, a rule author…) in the append-only access log: who, with which roles, what route and
 * path, which enterprise (the `:uscc` parameter), what kind of data, when, and the correlation id.
 * The row is written before the response is sent; a read that cannot be recorded fails.
 *
 * @param resource what the route returns: `enterprise`, `assessment`, `explanation`…
 */
export function PrivilegedRead(resource: string): MethodDecorator & ClassDecorator {
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(resource)) {
    throw new Error(
      `@PrivilegedRead: resource must be 1-32 of a-z, 0-9, "-" (got ${JSON.stringify(resource)})`,
    );
  }
  return applyDecorators(
    SetMetadata(PRIVILEGED_READ_METADATA, resource),
    UseInterceptors(PrivilegedReadInterceptor),
  );
}
