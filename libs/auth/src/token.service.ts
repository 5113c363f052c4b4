import { AppConfig } from '@app/config';
import { DomainError, ErrorCode } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ALL_ROLES, Principal, Role } from './role.enum';

interface TokenClaims {
  sub: string;
  roles: Role[];
  uscc?: string;
}

/** Issues and checks HS256 bearer tokens signed with AUTH_JWT_SECRET. */
@Injectable()
export class TokenService {
  private readonly jwt: JwtService;

  constructor(private readonly config: AppConfig) {
    this.jwt = new JwtService({
      secret: config.jwtSecret,
      signOptions: { algorithm: 'HS256', issuer: 'tierwatch' },
      verifyOptions: { algorithms: ['HS256'], issuer: 'tierwatch' },
    });
  }

  issue(principal: Principal, ttlSeconds = this.config.tokenTtlSeconds): string {
    const roles = principal.roles.filter((r) => ALL_ROLES.includes(r));
    if (roles.length === 0)
      throw new DomainError(ErrorCode.ValidationFailed, 'a token needs at least one known role');
    if (roles.includes(Role.Enterprise) && !principal.uscc) {
      throw new DomainError(ErrorCode.ValidationFailed, 'an enterprise token needs the enterprise uscc');
    }
    if (roles.includes(Role.Enterprise) && roles.length > 1) {
      throw new DomainError(
        ErrorCode.ValidationFailed,
        'an enterprise token carries the enterprise role only',
      );
    }
    const claims: TokenClaims = {
      sub: principal.subject,
      roles,
      ...(principal.uscc ? { uscc: principal.uscc } : {}),
    };
    return this.jwt.sign(claims, { expiresIn: ttlSeconds });
  }

  verify(token: string): Principal {
    try {
      const claims = this.jwt.verify<TokenClaims>(token);
      if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles))
        throw new Error('claims sub and roles are required');
      const roles = claims.roles.filter((r) => ALL_ROLES.includes(r));
      return { subject: claims.sub, roles, uscc: typeof claims.uscc === 'string' ? claims.uscc : undefined };
    } catch (error) {
      throw new DomainError(ErrorCode.Unauthorized, `invalid bearer token: ${(error as Error).message}`);
    }
  }
}
