import { AppConfig } from '@app/config';
import { ALL_ROLES, NATIONAL, REGION_PREFIX, Role, TokenService } from '@app/auth';
import { randomBytes } from 'node:crypto';
import { CliInputError } from '../read-json';

export interface TokenOptions {
  role: string[];
  subject?: string;
  uscc?: string;
  region?: string[];
  inspector?: string;
  ttl?: number;
}

/**
 * `tierwatch token --role …`: a bearer token signed with AUTH_JWT_SECRET, printed on stdout. Needs
 * the configuration (the secret, the default lifetime), never the database.
 */
export function issueToken(options: TokenOptions): void {
  const unknown = options.role.filter((r) => !ALL_ROLES.includes(r as Role));
  if (unknown.length > 0)
    throw new CliInputError(`unknown role "${unknown[0]}"; one of: ${ALL_ROLES.join(', ')}`);
  const badRegion = (options.region ?? []).find((r) => r !== NATIONAL && !REGION_PREFIX.test(r));
  if (badRegion !== undefined)
    throw new CliInputError(
      `--region must be 1-6 digits of a division code, or '${NATIONAL}' (got "${badRegion}")`,
    );
  const roles = options.role as Role[];
  // Without --subject, a subject of its own: two CLI tokens never pass for the same person.
  const subject = options.subject ?? `${roles[0]}:cli-${randomBytes(4).toString('hex')}`;
  const tokens = new TokenService(AppConfig.load());
  console.log(
    tokens.issue(
      { subject, roles, uscc: options.uscc, regions: options.region, inspectorId: options.inspector },
      options.ttl,
    ),
  );
}
