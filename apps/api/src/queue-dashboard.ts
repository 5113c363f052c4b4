import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardAdapter } from '@bull-board/fastify';
import { Authenticator, Principal, Role } from '@app/auth';
import { DomainError, ErrorCode } from '@app/domain';
import { frameworkErrorHandler } from '@app/http';
import { ALL_QUEUE_NAMES, QueueRegistry } from '@app/queue';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
/** A browser cannot send a bearer header: it may keep the admin's token in this cookie (reads only). */
export const QUEUE_DASHBOARD_COOKIE = 'tierwatch_admin_token';

/** The only writes the dashboard takes, and only with QUEUE_DASHBOARD_ALLOW_RETRY: retrying failed jobs. */
const RETRY_ROUTES = new Set([
  `${QUEUE_DASHBOARD_PATH}/api/queues/:queueName/retry/:queueStatus`,
  `${QUEUE_DASHBOARD_PATH}/api/queues/:queueName/:jobId/retry`,
]);

/**
 * bull-board at /admin/queues, for administrators only. It is a Fastify plugin, not a Nest route, so
 * the API's authentication hook (which covers /api/…) does not see it: its own encapsulated scope
 * authenticates every request first, with the same Authenticator (bearer token or API key), refuses
 * anyone without the admin role (401 without credentials, 403 with others) and answers in the one
 * error shape. Read-only: only a retry of failed jobs may write, and only when the configuration
 * says so; everything else that is not a read is refused here, whatever the UI offers.
 */
export async function registerQueueDashboard(
  fastify: FastifyInstance,
  deps: { queues: QueueRegistry; authenticator: Authenticator; allowRetry: boolean },
): Promise<void> {
  const board = new BullBoardAdapter();
  createBullBoard({
    queues: ALL_QUEUE_NAMES.map(
      (name) =>
        new BullMQAdapter(deps.queues.get(name), {
          readOnlyMode: !deps.allowRetry,
          allowRetries: deps.allowRetry,
        }),
    ),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'tierwatch queues' } },
  });
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  await fastify.register(
    async (scope) => {
      // bull-board answers errors of its routes with a handler of its own: a refusal is sent from
      // the hook itself, in the one error shape.
      scope.addHook('onRequest', async (request: FastifyRequest & { principal?: Principal }, reply) => {
        void reply.header('cache-control', 'no-store');
        try {
          await admit(request, deps);
        } catch (error) {
          frameworkErrorHandler(error as Error, request, reply);
          return reply;
        }
      });
      await scope.register(board.registerPlugin());
    },
    { prefix: QUEUE_DASHBOARD_PATH },
  );
}

/** Lets an admin read, and retry when allowed; throws the refusal otherwise. */
async function admit(
  request: FastifyRequest & { principal?: Principal },
  deps: { authenticator: Authenticator; allowRetry: boolean },
): Promise<void> {
  const principal = (request.principal ??= await deps.authenticator.authenticate(credentialsOf(request)));
  if (!principal.roles.includes(Role.Admin)) {
    throw new DomainError(ErrorCode.Forbidden, 'the queue dashboard requires the admin role');
  }
  const read = request.method === 'GET' || request.method === 'HEAD';
  if (!read && !(deps.allowRetry && RETRY_ROUTES.has(request.routeOptions.url ?? ''))) {
    throw new DomainError(
      ErrorCode.Forbidden,
      deps.allowRetry
        ? 'the queue dashboard only retries failed jobs'
        : 'the queue dashboard is read-only (QUEUE_DASHBOARD_ALLOW_RETRY=true allows retrying failed jobs)',
    );
  }
  // A write needs the header: a cookie alone could be sent by another site's form.
  if (!read && !Authenticator.hasCredentials(request.headers)) {
    throw new DomainError(ErrorCode.Unauthorized, 'a retry needs the Authorization header, not the cookie');
  }
}

/** The request's credentials: its headers, or for a read without them the dashboard cookie's token. */
function credentialsOf(request: FastifyRequest): FastifyRequest['headers'] {
  if (Authenticator.hasCredentials(request.headers)) return request.headers;
  const read = request.method === 'GET' || request.method === 'HEAD';
  const cookie = (request.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${QUEUE_DASHBOARD_COOKIE}=`));
  if (!read || !cookie) return request.headers;
  return { authorization: `Bearer ${decodeURIComponent(cookie.slice(QUEUE_DASHBOARD_COOKIE.length + 1))}` };
}
