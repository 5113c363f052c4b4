import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI document of the running api (every route, its schemas, security and errors). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('tierwatch')
      .setDescription(
        'Credit-tiered regulatory supervision: ingestion, credit tiers, differentiated inspection. ' +
          'Errors share one shape: { statusCode, error, code, message, details[{path,message}], correlationId }. ' +
          'Lists share one convention: ?limit=&offset= in, { items, total, limit, offset } out.',
      )
      .setVersion('v1')
      .setLicense('UNLICENSED', 'https://example.invalid/unlicensed')
      .addServer('/', 'this server')
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'apiKey')
      .build(),
  );
  // Public routes (@Public) say so explicitly: an empty security list, rather than none at all.
  for (const item of Object.values(document.paths)) {
    for (const op of [item.get, item.post, item.put, item.patch, item.delete]) {
      if (op && !op.security) op.security = [];
    }
  }
  return document;
}

/** OpenAPI document at /docs (UI) and /docs-json. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
