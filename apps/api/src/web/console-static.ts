import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';

/** Paths that are never the console: the API, its documents and the health check keep their 404s. */
const NOT_CONSOLE = /^\/(api(\/|$)|docs(\/|-json|$)|health(\/|$)|assets\/)/;

/**
 * Where `npm run build` put the web console (vite → dist/web): beside dist/apps when the api runs
 * from dist, dist/web of the repository when it runs from source (tests). Null when not built.
 */
export function consoleRoot(from = __dirname): string | null {
  for (const dir of [resolve(from, '../../../../web'), resolve(from, '../../../../dist/web')]) {
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return null;
}

/** The cache policy of one console file: hashed assets forever, index.html always revalidated. */
export function cacheControlOf(file: string): string {
  if (basename(file) === 'index.html') return 'no-cache';
  if (file.includes(`${sep}assets${sep}`)) return 'public, max-age=31536000, immutable';
  return 'public, max-age=3600';
}

/**
 * Serves the built console at `/` and its client routes (`/enterprises/:uscc`, …) with index.html,
 * never for `/api/v1`, `/docs` or `/health` (their unknown paths answer the API's 404).
 */
export async function registerConsole(fastify: FastifyInstance, root: string | null): Promise<boolean> {
  if (!root) return false;
  await fastify.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    cacheControl: false,
    setHeaders: (reply, file) => void reply.header('cache-control', cacheControlOf(file)),
  });
  fastify.get('/*', (request, reply) => {
    const path = request.url.split('?')[0];
    if (NOT_CONSOLE.test(path)) return reply.callNotFound();
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
  return true;
}
