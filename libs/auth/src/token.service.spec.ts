import { AppConfig } from '@app/config';
import { DomainError, ErrorCode } from '@app/domain';
import { Role } from './role.enum';
import { TokenService } from './token.service';
import { assertCanReadEnterprise } from './auth.guard';

describe('TokenService', () => {
  const service = new TokenService(AppConfig.load({ AUTH_JWT_SECRET: 'a'.repeat(40) }));

  it('round-trips a principal', () => {
    const token = service.issue({ subject: 'alice', roles: [Role.Regulator] });
    expect(service.verify(token)).toEqual({ subject: 'alice', roles: [Role.Regulator], uscc: undefined });
  });

  it('rejects a token signed with another secret', () => {
    const other = new TokenService(AppConfig.load({ AUTH_JWT_SECRET: 'b'.repeat(40) }));
    const token = other.issue({ subject: 'mallory', roles: [Role.Admin] });
    expect(() => service.verify(token)).toThrow(DomainError);
    try {
      service.verify(token);
    } catch (e) {
      expect((e as DomainError).code).toBe(ErrorCode.Unauthorized);
    }
  });

  it('refuses an enterprise token without its uscc', () => {
    expect(() => service.issue({ subject: 'e', roles: [Role.Enterprise] })).toThrow(
      /needs the enterprise uscc/,
    );
  });

  it('refuses an enterprise token with another role, which would widen what it may read', () => {
    expect(() =>
      service.issue({ subject: 'e', roles: [Role.Enterprise, Role.Ingest], uscc: '91350100M000100Y43' }),
    ).toThrow(/enterprise role only/);
  });

  it('lets an enterprise read only its own data', () => {
    const own = { subject: 'e', roles: [Role.Enterprise], uscc: '91350100M000100Y43' };
    expect(() => assertCanReadEnterprise(own, '91350100M000100Y43')).not.toThrow();
    expect(() => assertCanReadEnterprise(own, '911100001000000001')).toThrow(/only its own data/);
    expect(() =>
      assertCanReadEnterprise({ subject: 'r', roles: [Role.Regulator] }, '911100001000000001'),
    ).not.toThrow();
  });
});
