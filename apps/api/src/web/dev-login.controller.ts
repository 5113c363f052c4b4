import { Public, Role, TokenService } from '@app/auth';
import { AppConfig } from '@app/config';
import { ApiErrors, IsText, Omittable } from '@app/http';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

/** The console's personas and the role each signs in with. */
export const DEV_PERSONAS = {
  regulator: Role.Regulator,
  inspector: Role.Inspector,
  rule_author: Role.RuleAuthor,
  rule_approver: Role.RuleApprover,
  enterprise: Role.Enterprise,
} as const;
export type DevPersona = keyof typeof DEV_PERSONAS;

export class DevLoginDto {
  @ApiProperty({ enum: Object.keys(DEV_PERSONAS) })
  @IsIn(Object.keys(DEV_PERSONAS))
  persona!: DevPersona;

  @ApiPropertyOptional({ description: "a regulator's region prefix (1-6 digits) or * (the default)" })
  @Omittable()
  @IsText(6)
  region?: string;

  @ApiPropertyOptional({
    description: "an enterprise's unified social credit code (required for enterprise)",
  })
  @Omittable()
  @IsText(18)
  uscc?: string;

  @ApiPropertyOptional({ description: "an inspector's roster id (required for inspector)" })
  @Omittable()
  @IsText(64)
  inspector?: string;
}

export class DevLoginResponseDto {
  @ApiProperty() token!: string;
  @ApiProperty() expiresInSeconds!: number;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: Object.values(DEV_PERSONAS), isArray: true }) roles!: Role[];
  @ApiPropertyOptional({ type: [String] }) regions?: string[];
  @ApiPropertyOptional() uscc?: string;
  @ApiPropertyOptional() inspector?: string;
}

/**
 * Development and demo only (AUTH_DEV_LOGIN=true, never with NODE_ENV=production): a built-in token
 * for one persona of the web console, without a password. Production signs in at the identity
 * provider; this module is not even loaded there.
 */
@ApiTags('dev')
@Controller('dev')
export class DevLoginController {
  constructor(
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'development only: a token for a console persona (AUTH_DEV_LOGIN=true)' })
  @ApiOkResponse({ type: DevLoginResponseDto })
  @ApiErrors(400)
  login(@Body() body: DevLoginDto): DevLoginResponseDto {
    const role = DEV_PERSONAS[body.persona];
    const principal = {
      subject: `dev:${body.persona}${body.uscc ? `:${body.uscc}` : ''}${body.inspector ? `:${body.inspector}` : ''}`,
      roles: [role],
      ...(role === Role.Regulator ? { regions: [body.region ?? '*'] } : {}),
      ...(role === Role.Enterprise && body.uscc !== undefined ? { uscc: body.uscc } : {}),
      ...(role === Role.Inspector && body.inspector !== undefined ? { inspectorId: body.inspector } : {}),
    };
    // The same checks as every token (a regulator's region prefix, an enterprise's uscc …): 400.
    const token = this.tokens.issue(principal);
    return {
      token,
      expiresInSeconds: this.config.tokenTtlSeconds,
      subject: principal.subject,
      roles: principal.roles,
      ...('regions' in principal ? { regions: principal.regions } : {}),
      ...('uscc' in principal ? { uscc: principal.uscc } : {}),
      ...('inspectorId' in principal ? { inspector: principal.inspectorId } : {}),
    };
  }
}

@Module({ controllers: [DevLoginController] })
export class DevLoginModule {}
