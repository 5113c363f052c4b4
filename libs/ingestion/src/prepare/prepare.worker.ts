/**
 * Preparation worker: parses a streamed input, validates each row and builds its COPY line, and
 * posts the results back in blocks, in input order. It asks the main thread for input chunks one
 * ahead and stops when the main thread has not taken enough blocks, so memory stays bounded.
 */
import { DomainError } from '@app/domain';
import { parentPort, workerData } from 'node:worker_threads';
import { parseRows } from '../input/parse-input';
import { RowValidator } from '../rows/row.validator';
import { BlockBuilder, transferList } from './prepared-block';
import type { FromWorker, PrepareWorkerData, ToWorker, WorkerFailure } from './prepare-protocol';

const port = parentPort!;
const data = workerData as PrepareWorkerData;
const chunks: (Uint8Array | string)[] = [];
let ended = false;
let pulling = false;
let blocksAhead = 0;
let wake: (() => void) | undefined;

const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const nextMessage = () =>
  new Promise<void>((resolve) => {
    wake = resolve;
  });

port.on('message', (message: ToWorker) => {
  if (message.type === 'chunk') {
    chunks.push(message.chunk);
    pulling = false;
  } else if (message.type === 'end') {
    ended = true;
    pulling = false;
  } else blocksAhead--;
  const w = wake;
  wake = undefined;
  w?.();
});

async function* input(): AsyncGenerator<Uint8Array | string> {
  for (;;) {
    // One chunk ahead: the next one is on its way while this one is parsed.
    if (!pulling && !ended && chunks.length < 2) {
      pulling = true;
      post({ type: 'pull' });
    }
    const chunk = chunks.shift();
    if (chunk !== undefined) yield chunk;
    else if (ended) return;
    else await nextMessage();
  }
}

async function run(): Promise<void> {
  const builder = new BlockBuilder(data.target, new RowValidator(data.now));
  const send = async () => {
    while (blocksAhead >= data.maxBlocksAhead) await nextMessage();
    blocksAhead++;
    const block = builder.take();
    post({ type: 'block', block }, transferList(block));
  };
  for await (const parsed of parseRows(data.format, input())) {
    if (parsed.row <= data.resumeAfterRow) continue;
    builder.add(parsed);
    if (builder.size >= data.blockRows) await send();
  }
  if (builder.size > 0) await send();
  post({ type: 'done' });
}

run().catch((error: unknown) => {
  const e = error instanceof Error ? error : new Error(String(error));
  const failure: WorkerFailure = { name: e.name, message: e.message, stack: e.stack };
  if (e instanceof DomainError) {
    failure.code = e.code;
    failure.details = e.details;
  }
  post({ type: 'error', error: failure });
});
