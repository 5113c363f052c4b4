import { API_KEY_RESOLVER } from '@app/auth';
import { Global, Module } from '@nestjs/common';
import { ApiKeyController } from './api-key.controller';
import { ApiKeyService } from './api-key.service';

/** The key store, and the resolver the authenticator uses for X-Api-Key (CLI and api). */
@Global()
@Module({
  providers: [ApiKeyService, { provide: API_KEY_RESOLVER, useExisting: ApiKeyService }],
  exports: [ApiKeyService, API_KEY_RESOLVER],
})
export class ApiKeyModule {}

/** The HTTP side, for the API app. */
@Module({ controllers: [ApiKeyController] })
export class ApiKeyHttpModule {}
