import { DomainError, ErrorCode } from '@app/domain';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_METADATA, ROLES_METADATA } from './auth.decorators';
import { Principal, Role } from './role.enum';
import { TokenService } from './token.service';

/** Global guard: a route is public, or the bearer token must carry one of its owner roles (or admin). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_METADATA, targets);
    if (!roles || roles.length === 0) {
      // Unreachable once RouteOwnershipCheck passed at boot; refuse rather than allow.
      throw new DomainError(ErrorCode.Forbidden, 'this route has no owner role');
    }
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string>; principal?: Principal }>();
    const header = request.headers['authorization'] ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match)
      throw new DomainError(ErrorCode.Unauthorized, 'missing bearer token (Authorization: Bearer <token>)');
    const principal = this.tokens.verify(match[1]);
    if (!principal.roles.includes(Role.Admin) && !principal.roles.some((r) => roles.includes(r))) {
      throw new DomainError(ErrorCode.Forbidden, `requires one of the roles: ${roles.join(', ')}`);
    }
    request.principal = principal;
    return true;
  }
}

/** Roles that may read any enterprise's data; everyone else reads only their own uscc. */
const READS_ANY_ENTERPRISE: readonly Role[] = [Role.Admin, Role.Regulator, Role.RuleAuthor];

/** Enterprises read only their own data; regulators, rule authors and admins read any. */
export function assertCanReadEnterprise(principal: Principal, uscc: string): void {
  const privileged = principal.roles.some((r) => READS_ANY_ENTERPRISE.includes(r));
  if (!privileged && principal.uscc !== uscc) {
    throw new DomainError(ErrorCode.Forbidden, 'an enterprise may read only its own data');
  }
}
