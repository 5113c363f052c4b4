import { runDrill } from '../../../apps/cli/src/drill/drills';

/** The short version of `npm run drill -- sigterm`: a private PostgreSQL and Redis, the real api and worker. */
describe('drill sigterm', () => {
  it('api and worker exit within their grace while Redis and PostgreSQL are down; the run then completes', async () => {
    const result = await runDrill('sigterm', { short: true });
    expect(result.problems).toEqual([]);
    expect({ lost: result.lost, doubled: result.doubled }).toEqual({ lost: 0, doubled: 0 });
    expect(result.figures.apiExitMs).toBeLessThanOrEqual(Number(result.figures.graceMs));
    expect(result.figures.workerExitMs).toBeLessThanOrEqual(Number(result.figures.graceMs));
    expect(result.figures.runStatus).toBe('completed');
  }, 120_000);
});
