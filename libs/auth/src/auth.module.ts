import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AccessScopeRepository } from './access-scope.repository';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { RouteOwnershipCheck } from './route-ownership.check';
import { TokenService } from './token.service';

/** Token issuing and checking; without the guard (CLI, worker). */
@Global()
@Module({ providers: [TokenService], exports: [TokenService] })
export class TokenModule {}

/** The HTTP side: authentication, the global guard and the boot check that every route has an owner. */
@Global()
@Module({
  imports: [TokenModule, DiscoveryModule],
  providers: [
    Authenticator,
    AccessScopeRepository,
    { provide: APP_GUARD, useClass: AuthGuard },
    RouteOwnershipCheck,
  ],
  exports: [Authenticator, AccessScopeRepository],
})
export class AuthModule {}
