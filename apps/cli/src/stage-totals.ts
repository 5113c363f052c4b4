import type { ChunkOutcome } from '@app/assessment';

/** Enterprises done and time per stage, summed over the chunks of a run (CLI and benchmark). */
export class StageTotals {
  done = 0;
  private deriveMs = 0;
  private evaluateMs = 0;
  private writeMs = 0;

  add(outcome: ChunkOutcome): void {
    if (outcome.status !== 'done') return;
    const { result } = outcome;
    this.done += result.assessed + result.failed;
    this.deriveMs += result.timings.deriveMs;
    this.evaluateMs += result.timings.evaluateMs;
    this.writeMs += result.timings.writeMs;
  }

  /** Enterprises per second of each stage's own (summed) time. */
  rates(): { deriveFacts: number; evaluate: number; writeAssessments: number } {
    const rate = (ms: number) => Math.round(this.done / Math.max(ms / 1000, 0.001));
    return {
      deriveFacts: rate(this.deriveMs),
      evaluate: rate(this.evaluateMs),
      writeAssessments: rate(this.writeMs),
    };
  }
}
