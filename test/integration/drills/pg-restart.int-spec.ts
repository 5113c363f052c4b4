import { runDrill } from '../../../apps/cli/src/drill/drills';

/** The short version of `npm run drill -- pg-restart`: a private PostgreSQL and Redis, the real api and worker. */
describe('drill pg-restart', () => {
  it('an import and small uploads across a PostgreSQL restart: 503 with Retry-After, no 500, every row once', async () => {
    const result = await runDrill('pg-restart', { short: true });
    expect(result.problems).toEqual([]);
    expect({ lost: result.lost, doubled: result.doubled }).toEqual({ lost: 0, doubled: 0 });
    expect(String(result.figures.answers)).not.toMatch(/\b500×/);
    expect(result.figures.importRows).toBe(20_000);
  }, 120_000);
});
