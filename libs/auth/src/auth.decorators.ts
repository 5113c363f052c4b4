import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiResponse, ApiSecurity } from '@nestjs/swagger';
import { Principal, Role } from './role.enum';

export const ROLES_METADATA = 'tierwatch:roles';
export const PUBLIC_METADATA = 'tierwatch:public';

/** The route config Fastify sees: the authentication hook skips public routes by it. */
export interface TierwatchRouteConfig {
  public?: boolean;
}

/** The one error shape (libs/http registers the schema under this name). */
const ERROR_SCHEMA = { $ref: '#/components/schemas/ErrorResponseDto' };

/** The roles that own a route. Admin may call everything. Ingest routes also take an API key. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_METADATA, roles),
    ApiBearerAuth(),
    ...(roles.includes(Role.Ingest) ? [ApiSecurity('apiKey')] : []),
    ApiResponse({
      status: 401,
      description: 'Missing, invalid or expired credentials',
      schema: ERROR_SCHEMA,
    }),
    ApiResponse({
      status: 403,
      description: `Requires one of the roles ${[Role.Admin, ...roles].join(', ')}, and a scope inside the caller's regions`,
      schema: ERROR_SCHEMA,
    }),
  );

/** A route anyone may call (health, public results). */
export const Public = () =>
  applyDecorators(
    SetMetadata(PUBLIC_METADATA, true),
    RouteConfig({ public: true } satisfies TierwatchRouteConfig),
  );

/** The authenticated caller. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().principal,
);
