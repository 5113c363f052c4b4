import { chunkJobId, finishJobGeneration, finishJobId } from './assessment-run.service';

describe('re-tier run job ids', () => {
  const run = '0f8c6a3e-1b2d-4c5e-8f90-123456789abc';

  it('keeps the first flow under the original ids and numbers each retry', () => {
    expect(finishJobId(run)).toBe(`run-${run}-finish`);
    expect(chunkJobId(run, 7)).toBe(`run-${run}-chunk-7`);
    expect(finishJobId(run, 2)).toBe(`run-${run}-r2-finish`);
    expect(chunkJobId(run, 7, 2)).toBe(`run-${run}-r2-chunk-7`);
  });

  it('reads the generation back from a finish job id', () => {
    expect(finishJobGeneration(finishJobId(run))).toBe(0);
    expect(finishJobGeneration(finishJobId(run, 3))).toBe(3);
    expect(finishJobGeneration(undefined)).toBe(0);
  });
});
