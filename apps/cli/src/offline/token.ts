import {
  ALL_ROLES,
  DEFAULT_TOKEN_TTL_SECONDS,
  jwtSecretProblems,
  MISSING_JWT_SECRET,
  NATIONAL,
  REGION_PREFIX,
  Role,
  signBuiltInToken,
} from '@app/tokens';
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
 * `tierwatch token --role …`: a bearer token signed with AUTH_JWT_SECRET, printed on stdout. Reads
 * only the secret and the default lifetime (AUTH_TOKEN_TTL_SECONDS) from the environment, checked as
 * the api checks them, and loads nothing but jose: no database, no Nest, no configuration validators.
 */
export async function issueToken(options: TokenOptions, env = process.env): Promise<void> {
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
  const secret = env.AUTH_JWT_SECRET;
  const problems = secret
    ? jwtSecretProblems(secret)
    : [
        {
          variable: 'AUTH_JWT_SECRET',
          message: MISSING_JWT_SECRET,
        },
      ];
  const ttl =
    options.ttl ??
    (env.AUTH_TOKEN_TTL_SECONDS ? Number(env.AUTH_TOKEN_TTL_SECONDS) : DEFAULT_TOKEN_TTL_SECONDS);
  if (!Number.isInteger(ttl) || ttl < 60)
    problems.push({
      variable: 'AUTH_TOKEN_TTL_SECONDS',
      message: 'must be a whole number of seconds, at least 60',
    });
  if (problems.length > 0) {
    throw new CliInputError(
      `Invalid environment configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`,
    );
  }
  console.log(
    await signBuiltInToken(
      secret!,
      { subject, roles, uscc: options.uscc, regions: options.region, inspectorId: options.inspector },
      ttl,
    ),
  );
}
