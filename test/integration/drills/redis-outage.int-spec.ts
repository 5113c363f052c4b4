import { runDrill } from '../../../apps/cli/src/drill/drills';

/** The short version of `npm run drill -- redis-outage`: a private PostgreSQL and Redis, the real api and worker. */
describe('drill redis-outage', () => {
  it('reminders and overdue escalations survive a Redis outage: each once, never before the due time', async () => {
    const result = await runDrill('redis-outage', { short: true });
    expect(result.problems).toEqual([]);
    expect({ lost: result.lost, doubled: result.doubled }).toEqual({ lost: 0, doubled: 0 });
    expect(result.figures).toMatchObject({ escalatedBeforeDue: 0 });
  }, 120_000);
});
