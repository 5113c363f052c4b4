import { AppConfig } from '@app/config';
import { registerIngestionBodyParsers } from '@app/ingestion';
import {
  AllExceptionsFilter,
  BodyLimit,
  createRateLimitRedis,
  registerBodyLimits,
  registerRateLimits,
} from '@app/http';
import { Body, Controller, Module, Post, Req } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify from 'fastify';
import type { FastifyRequest } from 'fastify';
import { ClsModule, ClsService } from 'nestjs-cls';
import { Readable } from 'node:stream';
import { TestEnv } from '../../support/test-env';

@Controller()
class EchoController {
  @Post('small')
  small(@Body() body: unknown): unknown {
    return { size: JSON.stringify(body).length };
  }

  @Post('roomy')
  @BodyLimit(4096)
  roomy(@Body() body: unknown): unknown {
    return { size: JSON.stringify(body).length };
  }

  @Post('bulk')
  @BodyLimit('ingest')
  async bulk(@Req() req: FastifyRequest): Promise<unknown> {
    if (!(req.body instanceof Readable)) return { json: true };
    let bytes = 0;
    for await (const chunk of req.body) bytes += (chunk as Buffer).length;
    return { bytes };
  }
}

@Module({ imports: [ClsModule.forRoot({ global: true })], controllers: [EchoController] })
class EchoModule {}

describe('@BodyLimit on a Nest route', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(EchoModule, new FastifyAdapter(), {
      logger: false,
      bodyParser: false,
    });
    const fastify = app.getHttpAdapter().getInstance();
    registerBodyLimits(fastify, { defaultBytes: 1024, ingest: { bytes: 2048, streamedBytes: 8192 } });
    registerIngestionBodyParsers(fastify, { maxJsonDepth: 3 });
    // This echo app's /bulk route streams CSV like the ingestion routes do.
    fastify.removeContentTypeParser('text/csv');
    fastify.addContentTypeParser('text/csv', (_req, payload, done) => done(null, payload));
    app.useGlobalFilters(new AllExceptionsFilter(app.get(ClsService)));
    await app.init();
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (url: string, payload: string, type = 'application/json') =>
    app.inject({ method: 'POST', url, payload, headers: { 'content-type': type } });
  const json = (bytes: number) => JSON.stringify({ text: 'x'.repeat(bytes - 11) });

  it('gives the default to undecorated routes and its own limit to a decorated one', async () => {
    expect((await post('/small', json(1000))).statusCode).toBe(201);
    const small = await post('/small', json(2000));
    expect(small.statusCode).toBe(413);
    expect(small.json()).toMatchObject({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'request body exceeds the limit of 1 KiB for this route',
    });
    expect((await post('/roomy', json(4000))).statusCode).toBe(201);
    expect((await post('/roomy', json(5000))).json()).toMatchObject({
      message: 'request body exceeds the limit of 4 KiB for this route',
    });
  });

  it("gives 'ingest' routes the JSON limit for JSON and the stream limit for other types", async () => {
    expect((await post('/bulk', json(2000))).statusCode).toBe(201);
    expect((await post('/bulk', json(3000))).json()).toMatchObject({
      message: 'request body exceeds the limit of 2 KiB for this route',
    });
    expect((await post('/bulk', 'a,b\n'.repeat(2000), 'text/csv')).json()).toEqual({ bytes: 8000 });
    expect((await post('/bulk', 'a,b\n'.repeat(2100), 'text/csv')).json()).toMatchObject({
      statusCode: 413,
      message: 'request body exceeds the limit of 8 KiB for text/csv bodies on this route',
    });
  });

  it('applies the configured JSON depth', async () => {
    expect((await post('/small', '{"a":{"b":[1]}}')).statusCode).toBe(201);
    expect((await post('/small', '{"a":{"b":[[1]]}}')).json()).toMatchObject({
      statusCode: 400,
      message: 'JSON nested deeper than 3 levels',
    });
  });
});

describe('rate limits while Redis is unreachable', () => {
  it('let requests through instead of failing or hanging', async () => {
    const config = AppConfig.load({
      NODE_ENV: 'test',
      REDIS_URL: 'redis://127.0.0.1:1',
      RATE_LIMIT_PER_IP: '1',
    });
    const redis = await createRateLimitRedis(config, 300);
    const fastify = Fastify();
    try {
      await registerRateLimits(fastify, {
        settings: config.rateLimits,
        redis,
        keyPrefix: 'unused:',
        principalOf: () => undefined,
      });
      fastify.get('/api/v1/things', async () => ({ ok: true }));
      const started = Date.now();
      for (let i = 0; i < 3; i++) {
        expect((await fastify.inject({ method: 'GET', url: '/api/v1/things' })).statusCode).toBe(200);
      }
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await fastify.close();
      redis.disconnect();
    }
  });

  it('count in Redis when it is reachable', async () => {
    const env = await TestEnv.create({ RATE_LIMIT_PER_IP: '2' });
    const redis = await createRateLimitRedis(env.config);
    const fastify = Fastify();
    try {
      await registerRateLimits(fastify, {
        settings: env.config.rateLimits,
        redis,
        keyPrefix: `${env.redisPrefix}:rate-limit:`,
        principalOf: () => undefined,
      });
      fastify.get('/api/v1/things', async () => ({ ok: true }));
      const codes = [];
      for (let i = 0; i < 3; i++)
        codes.push((await fastify.inject({ method: 'GET', url: '/api/v1/things' })).statusCode);
      expect(codes).toEqual([200, 200, 429]);
    } finally {
      await fastify.close();
      redis.disconnect();
      await env.dispose();
    }
  });
});
