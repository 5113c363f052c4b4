import { DomainError, ErrorCode } from '@app/domain';
import type { Job } from 'bullmq';
import { SimulationJobs } from './simulation.jobs';
import type { SimulationRunner } from './simulation.runner';

describe('SimulationJobs.chunk', () => {
  const setup = (error: Error) => {
    const failed: [string, number][] = [];
    const runner = {
      runChunk: () => Promise.reject(error),
      fail: (id: string, chunkNo: number) => {
        failed.push([id, chunkNo]);
        return Promise.resolve();
      },
    } as unknown as SimulationRunner;
    return { jobs: new SimulationJobs(runner), failed };
  };
  const job = (attemptsMade: number) => ({ attemptsMade, opts: { attempts: 5 } }) as unknown as Job;

  it('leaves a transient failure to the retry while attempts remain', async () => {
    const { jobs, failed } = setup(new Error('connection reset'));
    await expect(jobs.chunk({ simulationId: 's', chunkNo: 3 }, job(1))).rejects.toThrow('connection reset');
    expect(failed).toEqual([]);
  });

  it('fails the simulation on the last attempt, or at once when no retry can cure it', async () => {
    const last = setup(new Error('connection reset'));
    await expect(last.jobs.chunk({ simulationId: 's', chunkNo: 3 }, job(4))).rejects.toThrow();
    expect(last.failed).toEqual([['s', 3]]);
    const permanent = setup(new DomainError(ErrorCode.NotFound, 'no simulation s'));
    await expect(permanent.jobs.chunk({ simulationId: 's', chunkNo: 0 }, job(0))).rejects.toThrow();
    expect(permanent.failed).toEqual([['s', 0]]);
  });
});
