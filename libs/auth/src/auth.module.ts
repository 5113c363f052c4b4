import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { RouteOwnershipCheck } from './route-ownership.check';
import { TokenService } from './token.service';

/** Token issuing and checking; without the guard (CLI, worker). */
@Global()
@Module({ providers: [TokenService], exports: [TokenService] })
export class TokenModule {}

/** The HTTP side: the global guard and the boot check that every route has an owner. */
@Module({
  imports: [TokenModule, DiscoveryModule],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }, RouteOwnershipCheck],
})
export class AuthModule {}
