import { runDrill } from '../../../apps/cli/src/drill/drills';

/** The short version of `npm run drill -- kill-worker`: a private PostgreSQL and Redis, the real api and worker. */
describe('drill kill-worker', () => {
  it('a re-tier run whose worker is killed three times assesses every enterprise exactly once', async () => {
    const result = await runDrill('kill-worker', { short: true });
    expect(result.problems).toEqual([]);
    expect({ lost: result.lost, doubled: result.doubled }).toEqual({ lost: 0, doubled: 0 });
    expect(result.figures).toMatchObject({ kills: 3, runStatus: 'completed' });
    expect(result.figures.chunksRetried).toBeGreaterThan(0);
  }, 120_000);
});
