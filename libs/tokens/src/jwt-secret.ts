/**
 * Secrets that appeared in tierwatch's code, docs or common examples: anyone could sign with them.
 * Compared case-insensitively after trimming.
 */
export const KNOWN_JWT_SECRETS = [
  'tierwatch-development-only-secret-not-for-production',
  'changeme-changeme-changeme-changeme',
  'secret-secret-secret-secret-secret-secret',
  'your-256-bit-secret',
  'x'.repeat(32),
  'a'.repeat(32),
  '0'.repeat(32),
  '0123456789abcdef0123456789abcdef',
];

/** What is wrong with a signing secret (none: fine; undefined: not set, for the caller to decide). */
export function jwtSecretProblems(secret: string | undefined): { variable: string; message: string }[] {
  if (secret === undefined) return [];
  if (Buffer.byteLength(secret, 'utf8') < 32) {
    return [{ variable: 'AUTH_JWT_SECRET', message: 'must be at least 32 bytes (got fewer)' }];
  }
  const normal = secret.trim().toLowerCase();
  if (KNOWN_JWT_SECRETS.includes(normal) || new Set(normal).size < 4) {
    return [
      {
        variable: 'AUTH_JWT_SECRET',
        message:
          'is a known or trivial value that anyone could sign with; generate one (openssl rand -hex 32)',
      },
    ];
  }
  return [];
}

/** What a process without AUTH_JWT_SECRET is told (api, worker and `tierwatch token` alike). */
export const MISSING_JWT_SECRET =
  'is required (at least 32 random bytes, e.g. `openssl rand -hex 32`); there is no built-in secret. ' +
  '`npm run demo` and the tests generate their own into .env.local';
