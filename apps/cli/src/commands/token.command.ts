import { ALL_ROLES, NATIONAL, REGION_PREFIX, Role, TokenService } from '@app/auth';
import { randomBytes } from 'node:crypto';
import { Command, CommandRunner, Option } from 'nest-commander';

interface TokenOptions {
  role: Role[];
  subject?: string;
  uscc?: string;
  region?: string[];
  inspector?: string;
  ttl?: number;
}

@Command({
  name: 'token',
  description:
    'issue a bearer token for the API (signed with AUTH_JWT_SECRET), e.g. --role regulator --region 3301 [--region 3302]',
})
export class TokenCommand extends CommandRunner {
  constructor(private readonly tokens: TokenService) {
    super();
  }

  async run(_: string[], options: TokenOptions): Promise<void> {
    if (!options.role?.length) this.command.error(`--role is required (one of: ${ALL_ROLES.join(', ')})\n`);
    // Without --subject, a subject of its own: two CLI tokens never pass for the same person.
    const subject = options.subject ?? `${options.role[0]}:cli-${randomBytes(4).toString('hex')}`;
    console.log(
      this.tokens.issue(
        {
          subject,
          roles: options.role,
          uscc: options.uscc,
          regions: options.region,
          inspectorId: options.inspector,
        },
        options.ttl,
      ),
    );
  }

  @Option({ flags: '--role <role>', description: `role (repeatable): ${ALL_ROLES.join(', ')}` })
  parseRole(value: string, previous: Role[] = []): Role[] {
    if (!ALL_ROLES.includes(value as Role)) {
      throw new Error(`unknown role "${value}"; one of: ${ALL_ROLES.join(', ')}`);
    }
    return [...previous, value as Role];
  }

  @Option({
    flags: '--region <prefix>',
    description: `a region a regulator covers (repeatable): a division-code prefix such as 3301, or '${NATIONAL}' for national`,
  })
  parseRegion(value: string, previous: string[] = []): string[] {
    if (value !== NATIONAL && !REGION_PREFIX.test(value)) {
      throw new Error(`--region must be 1-6 digits of a division code, or '${NATIONAL}'`);
    }
    return [...previous, value];
  }

  @Option({ flags: '--inspector <id>', description: 'the roster id, for an inspector token' })
  parseInspector(value: string): string {
    return value;
  }

  @Option({ flags: '--subject <name>', description: 'who the token is for, e.g. regulator:alice' })
  parseSubject(value: string): string {
    return value;
  }

  @Option({ flags: '--uscc <code>', description: 'the enterprise, for an enterprise token' })
  parseUscc(value: string): string {
    return value.trim().toUpperCase();
  }

  @Option({ flags: '--ttl <seconds>', description: 'lifetime in seconds (default AUTH_TOKEN_TTL_SECONDS)' })
  parseTtl(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 60 || n > 30 * 86_400)
      throw new Error('--ttl must be a whole number of seconds, from 60 to 2592000 (30 days)');
    return n;
  }
}
