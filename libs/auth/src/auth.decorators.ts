import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiSecurity } from '@nestjs/swagger';
import { Principal, Role } from '@app/tokens';
import { MergeRouteConfig } from './route-config';

export const ROLES_METADATA = 'tierwatch:roles';
export const PUBLIC_METADATA = 'tierwatch:public';

/** The one error shape (libs/http registers the schema under this name). */
const ERROR_SCHEMA = { $ref: '#/components/schemas/ErrorResponseDto' };

/** The roles that own a route. Admin may call everything. Ingest routes also take an API key. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_METADATA, roles),
    // Fastify sees the roles too: a caller without them is refused before its body is read.
    MergeRouteConfig({ roles }),
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
  applyDecorators(SetMetadata(PUBLIC_METADATA, true), MergeRouteConfig({ public: true }));

/** The authenticated caller. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().principal,
);
