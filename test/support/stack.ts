import { Principal, Role, TokenService } from '@app/auth';
import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApi } from '../../apps/api/src/api.factory';
import { createWorker } from '../../apps/worker/src/worker.factory';
import { TestEnv } from './test-env';

/**
 * api and worker booted in-process against one TestEnv, the api listening on a free port, driven
 * over real HTTP with fetch.
 */
export class Stack {
  private constructor(
    readonly env: TestEnv,
    readonly api: NestFastifyApplication,
    readonly worker: INestApplicationContext | undefined,
    readonly baseUrl: string,
  ) {}

  static async start(options: { worker?: boolean; env?: TestEnv } = {}): Promise<Stack> {
    const env = options.env ?? (await TestEnv.create());
    const api = await createApi(env.config);
    await api.listen({ port: 0, host: '127.0.0.1' });
    const worker = options.worker === false ? undefined : await createWorker(env.config);
    return new Stack(env, api, worker, await api.getUrl());
  }

  /** A token; a regulator covers the whole country unless `regions` says otherwise. */
  token(roles: Role[] | Role, extra: Partial<Principal> = {}): string {
    const list = Array.isArray(roles) ? roles : [roles];
    const defaults: Partial<Principal> = list.includes(Role.Regulator) ? { regions: ['*'] } : {};
    return this.api
      .get(TokenService)
      .issue({ subject: `test:${list.join('+')}`, roles: list, ...defaults, ...extra });
  }

  /** fetch against the api; JSON bodies are serialised, the response body is parsed. */
  async request<T = unknown>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const headers: Record<string, string> = { connection: 'close', ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: the text itself
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.api.close();
    await this.env.dispose();
  }
}
