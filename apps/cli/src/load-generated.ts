import type { IngestService, IngestSummary } from '@app/ingestion';
import { Progress } from './progress';

/**
 * Streams generated rows (a synthetic population) through the real ingestion path with a progress
 * bar; `seed` and the benchmarks load populations this way.
 */
export async function loadGenerated(
  ingest: IngestService,
  target: 'enterprises' | 'records',
  rows: Iterable<Record<string, unknown>>,
  expected: number,
  options: { actor: string; batchSize: number },
): Promise<{ summary: IngestSummary; seconds: number }> {
  const progress = new Progress(target, expected);
  function* numbered() {
    let row = 0;
    for (const value of rows) yield { row: ++row, value };
  }
  const summary = await ingest.ingest(target, numbered(), {
    actor: options.actor,
    batchSize: options.batchSize,
    keepProblems: 20,
    onBatchCommitted: async ({ lastRow }) => progress.update(Math.min(lastRow, expected), lastRow),
  });
  progress.stop();
  return { summary, seconds: progress.seconds() };
}
