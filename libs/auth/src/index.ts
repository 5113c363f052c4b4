export { Role, ALL_ROLES, type Principal } from './role.enum';
export { Roles, Public, CurrentPrincipal } from './auth.decorators';
export { TokenService } from './token.service';
export { AuthGuard, assertCanReadEnterprise } from './auth.guard';
export { AuthModule, TokenModule } from './auth.module';
export { RouteOwnershipCheck } from './route-ownership.check';
