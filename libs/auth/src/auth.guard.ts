import { DomainError, ErrorCode } from '@app/domain';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_METADATA, ROLES_METADATA } from './auth.decorators';
import { Authenticator } from './authenticator';
import { Principal, Role } from '@app/tokens';

export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/**
 * Global guard: a route is public, or its caller must hold one of its owner roles (or admin). The
 * caller was usually authenticated already, before the body was read (authentication.hook.ts).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_METADATA, targets);
    if (!roles || roles.length === 0) {
      // Unreachable once RouteOwnershipCheck passed at boot; refuse rather than allow.
      throw new DomainError(ErrorCode.Forbidden, 'this route has no owner role');
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = request.principal ?? (await this.authenticator.authenticate(request.headers));
    if (!principal.roles.includes(Role.Admin) && !principal.roles.some((r) => roles.includes(r))) {
      throw new DomainError(ErrorCode.Forbidden, `requires one of the roles: ${roles.join(', ')}`);
    }
    request.principal = principal;
    return true;
  }
}

/**
 * Enterprises read only their own data; everyone else who reached the route reads within their
 * regions (checked by the caller with the enterprise's region). Another enterprise's data is
 * answered as not found, so that no one learns which codes exist.
 */
export function assertCanReadEnterprise(principal: Principal, uscc: string): void {
  if (principal.roles.includes(Role.Enterprise) && principal.uscc !== uscc) {
    throw new DomainError(ErrorCode.NotFound, `no enterprise ${uscc}`);
  }
}
