import type { InputFormat } from '../input/parse-input';
import type { IngestTarget, PreparedBlock } from './prepared-block';

/** What a preparation worker is started with. */
export interface PrepareWorkerData {
  target: IngestTarget;
  format: InputFormat;
  /** The clock of the ingest ("in the future" is judged against it), from the main thread. */
  now: number;
  /** Rows up to and including this number are skipped (committed by an earlier attempt). */
  resumeAfterRow: number;
  /** Rows per block posted back. */
  blockRows: number;
  /** Blocks posted but not yet taken by the main thread before the worker waits. */
  maxBlocksAhead: number;
}

/** Main thread → worker. */
export type ToWorker = { type: 'chunk'; chunk: Uint8Array | string } | { type: 'end' } | { type: 'ack' };

/** An error thrown in the worker, rebuilt on the main thread. */
export interface WorkerFailure {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  details?: { path: string; message: string }[];
}

/** Worker → main thread. */
export type FromWorker =
  | { type: 'pull' }
  | { type: 'block'; block: PreparedBlock }
  | { type: 'done' }
  | { type: 'error'; error: WorkerFailure };
