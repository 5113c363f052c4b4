import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { Principal, Role } from './role.enum';

export const ROLES_METADATA = 'tierwatch:roles';
export const PUBLIC_METADATA = 'tierwatch:public';

/** The roles that own a route. Admin may call everything. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_METADATA, roles), ApiBearerAuth());

/** A route anyone may call (health, public results). */
export const Public = () => SetMetadata(PUBLIC_METADATA, true);

/** The authenticated caller. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().principal,
);
