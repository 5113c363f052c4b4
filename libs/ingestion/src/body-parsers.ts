import type { FastifyInstance } from 'fastify';

export const STREAMED_CONTENT_TYPES = [
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'text/csv',
];

/**
 * NDJSON and CSV bodies reach the ingestion controller as the raw request stream, never buffered
 * whole: small ones are parsed in the request, large ones stored chunk by chunk for an import job.
 */
export function registerIngestionBodyParsers(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(STREAMED_CONTENT_TYPES, (_req, payload, done) => done(null, payload));
}
