import type { ChunkRow } from './assessment-run.service';
import { RunRow, toRunView } from './assessment-run.view';

const started = new Date('2026-12-01T02:00:00Z');
const run = (over: Partial<RunRow> = {}): RunRow => ({
  id: '00000000-0000-4000-8000-000000000001',
  scope: { type: 'all' },
  as_of: '2026-12-01',
  trigger: 'manual',
  rule_set_kind: 'tiering',
  rule_set_version: '2026.1',
  status: 'running',
  chunk_size: 10,
  total: 30,
  requested_by: 't',
  failure_reason: null,
  retries: 0,
  created_at: started,
  started_at: started,
  finished_at: null,
  cancel_requested_at: null,
  ...over,
});
const chunk = (chunkNo: number, status: string, over: Partial<ChunkRow> = {}): ChunkRow => ({
  chunk_no: chunkNo,
  status,
  enterprises: 10,
  attempts: 1,
  finished_at: null,
  last_error: null,
  assessed: status === 'done' ? 10 : 0,
  failed: 0,
  confirmed: 0,
  changed: 0,
  tiers: {},
  transitions: {},
  ...over,
});
const at = (seconds: number) => new Date(started.getTime() + seconds * 1000);

describe('run view: stalled, last progress, failed chunks', () => {
  it('is not stalled while chunks keep finishing', () => {
    const view = toRunView(
      run(),
      [chunk(0, 'done', { finished_at: at(50) }), chunk(1, 'pending')],
      at(80),
      60_000,
    );
    expect(view.progress).toMatchObject({ stalled: false, lastProgressAt: at(50).toISOString(), done: 10 });
    expect(view.progress.etaSeconds).not.toBeNull();
  });

  it('says stalled (and gives no ETA) once no chunk has finished for the configured time', () => {
    const view = toRunView(
      run(),
      [chunk(0, 'done', { finished_at: at(50) }), chunk(1, 'pending')],
      at(111),
      60_000,
    );
    expect(view.progress).toMatchObject({
      stalled: true,
      etaSeconds: null,
      lastProgressAt: at(50).toISOString(),
    });
  });

  it('counts from the start when no chunk has finished yet', () => {
    const view = toRunView(run(), [chunk(0, 'pending')], at(61), 60_000);
    expect(view.progress).toMatchObject({ stalled: true, lastProgressAt: started.toISOString() });
  });

  it('never calls a finished or queued run stalled', () => {
    const finished = run({ status: 'completed', finished_at: at(10) });
    expect(toRunView(finished, [], at(10_000), 60_000).progress.stalled).toBe(false);
    const queued = run({ status: 'queued', started_at: null });
    expect(toRunView(queued, [], at(10_000), 60_000).progress).toMatchObject({
      stalled: false,
      lastProgressAt: null,
    });
  });

  it('names the failed chunks in order, with their size, attempts and last error', () => {
    const view = toRunView(
      run({ status: 'completed_with_failures', finished_at: at(90) }),
      [
        chunk(2, 'failed', { attempts: 5, last_error: 'job stalled more than allowable limit' }),
        chunk(0, 'done', { finished_at: at(40) }),
        chunk(1, 'failed', { attempts: 1, last_error: 'NOT_FOUND: no enterprise' }),
      ],
      at(100),
    );
    expect(view.failedChunks).toEqual([
      { chunkNo: 1, enterprises: 10, attempts: 1, error: 'NOT_FOUND: no enterprise' },
      { chunkNo: 2, enterprises: 10, attempts: 5, error: 'job stalled more than allowable limit' },
    ]);
    expect(view.progress.chunks).toMatchObject({ total: 3, done: 1, failed: 2, pending: 0 });
  });
});
