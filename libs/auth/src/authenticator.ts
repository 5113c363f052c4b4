import { DomainError, ErrorCode } from '@app/domain';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { Principal } from '@app/tokens';
import { TokenService } from './token.service';

/** Resolves an `X-Api-Key` to its principal (libs/apikeys provides it); null when unknown or revoked. */
export interface ApiKeyResolver {
  resolve(key: string): Promise<Principal | null>;
}
export const API_KEY_RESOLVER = Symbol('ApiKeyResolver');

type Headers = Record<string, string | string[] | undefined>;

/** Who is calling: a bearer token (built-in or the identity provider's) or an ingest client's API key. */
@Injectable()
export class Authenticator {
  constructor(
    private readonly tokens: TokenService,
    @Optional() @Inject(API_KEY_RESOLVER) private readonly apiKeys?: ApiKeyResolver,
  ) {}

  /** Whether the request carries credentials at all. */
  static hasCredentials(headers: Headers): boolean {
    return headers['authorization'] !== undefined || headers['x-api-key'] !== undefined;
  }

  async authenticate(headers: Headers): Promise<Principal> {
    const apiKey = headers['x-api-key'];
    const authorization = headers['authorization'];
    if (apiKey !== undefined && authorization !== undefined) {
      throw new DomainError(ErrorCode.Unauthorized, 'send either X-Api-Key or Authorization, not both');
    }
    if (apiKey !== undefined) {
      if (typeof apiKey !== 'string' || !this.apiKeys) {
        throw new DomainError(ErrorCode.Unauthorized, 'invalid API key');
      }
      const principal = await this.apiKeys.resolve(apiKey);
      if (!principal) throw new DomainError(ErrorCode.Unauthorized, 'invalid or revoked API key');
      return principal;
    }
    const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
    if (!match) {
      throw new DomainError(
        ErrorCode.Unauthorized,
        'missing credentials: Authorization: Bearer <token>, or X-Api-Key for ingest clients',
      );
    }
    return this.tokens.verify(match[1]);
  }
}
