export { ApiKeyService, type ApiKeyView, SOURCE_NAME } from './api-key.service';
export { ApiKeyModule, ApiKeyHttpModule } from './api-key.module';
